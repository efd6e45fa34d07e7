#!/usr/bin/env bash
# Benchmark for "fast where it runs": prints each figure beside its yardstick, in one run.
#
#   src/test/bench/fast.sh [--100k] [--no-libvirt] [RUNS]
#
# - cold `evaluate` of one domain (4 disks, each a 3-level chain, one broken): median wall time,
#   CPU time (user + system) and peak RSS of RUNS fresh processes (default 7), for plain
#   `java -jar`, the launcher with its rules cached, the launcher on a first run (cache emptied
#   before each run), the launcher with the baseline alone, and the README's shipped example; the
#   site rule rules/examples/protect-boot-disk.drl is in force except for the baseline rows. Each
#   row's runs alternate with runs of a JVM that does nothing (the floor), and the row says how
#   many times the floor it took: the ratio of the two medians, measured side by side;
# - the hook script for an ignored operation (and proof it ran no launcher) and for prepare begin,
#   as libvirt runs it (no HOME, a minimal PATH), without a decision service and with one running
#   (`serve`, started and stopped here); then, as root where libvirt is installed (not with
#   --no-libvirt), what the hook without a service adds to `virsh start` in a real libvirtd
#   (src/test/bench/hook-start.sh);
# - batches of 1,000 and 10,000 domains (and 100,000 with --100k), 4 disks each, real headers
#   written by the project's ImageWriter, every tenth domain missing an image in the middle of an
#   optional disk's chain and every fiftieth the base of a mandatory one: wall time (median of 3,
#   one run for 100,000), domains/s, µs per domain, peak RSS, through the launcher;
# - `qemu-img info --backing-chain` once per disk on a sample of 200 of the 10,000-domain batch's
#   disks, extrapolated to every disk of each batch, and the ratio.
# Needs Java 17+, Maven, /usr/bin/time (installed with apt when missing and run as root) and
# qemu-img (qemu-utils) for the last part. Builds the project first (mvn package).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
runs=7
big=no
libvirt=yes
for argument in "$@"; do
    case $argument in
        --100k) big=yes ;;
        --no-libvirt) libvirt=no ;;
        *[!0-9]* | '') echo "usage: $0 [--100k] [--no-libvirt] [RUNS]" >&2; exit 2 ;;
        *) runs=$argument ;;
    esac
done

if [ ! -x /usr/bin/time ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
    else
        echo "fast.sh: needs /usr/bin/time (Debian: apt-get install time)" >&2
        exit 2
    fi
fi

mvn -B -q -ntp package -DskipTests
launcher=$repo/target/virt-startup-policy
hook=$repo/target/virt-startup-policy-hook
jar=$repo/target/virt-startup-policy.jar
work=$(mktemp -d)
serve=
trap '[ -z "$serve" ] || kill "$serve" 2> /dev/null; rm -rf "$work"' EXIT
uid=$(id -u)
gid=$(id -g)

# Each measurement: RUNS fresh processes under /usr/bin/time; prints the medians. Each run follows
# a run of the floor (a JVM that does nothing), whose median is kept in $work/floor, so that a
# row's ratio to the floor is measured at the same moments, whatever else the machine is doing.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
floor=(java -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$repo/target/test-classes"
    org.virtstartuppolicy.bench.DoNothing)
measure() { # RUNS SETUP-COMMAND COMMAND...: "wall cpu rss_mb"
    local n=$1 setup=$2 i
    shift 2
    : > "$work/times"
    : > "$work/floor.times"
    for i in $(seq "$n"); do
        eval "$setup"
        /usr/bin/time -f '%e' -a -o "$work/floor.times" "${floor[@]}" > /dev/null 2>&1 < /dev/null
        /usr/bin/time -f '%e %U %S %M' -a -o "$work/times" "$@" < "$work/stdin" > /dev/null 2> "$work/stderr" || true
    done
    grep -E '^[0-9.]+$' "$work/floor.times" | median > "$work/floor"
    # exit status 1 is a guest that may not start; 2 and up is the tool failing, which measures nothing
    if grep -Eq 'non-zero status ([2-9]|[0-9][0-9])' "$work/times"; then
        echo "fast.sh: failed: $* ($(head -c 300 "$work/stderr"))" >&2
        exit 1
    fi
    local wall cpu rss
    wall=$(awk 'NF == 4 && $1 ~ /^[0-9.]+$/ { print $1 }' "$work/times" | median)
    cpu=$(awk 'NF == 4 && $1 ~ /^[0-9.]+$/ { print $2 + $3 }' "$work/times" | median)
    rss=$(awk 'NF == 4 && $1 ~ /^[0-9.]+$/ { print $4 / 1024 }' "$work/times" | median)
    echo "$wall $cpu $rss"
}
row() { # LABEL "wall cpu rss" YARDSTICK [MOST-TIMES-THE-FLOOR]
    set -- "$1" $2 "$3" "${4:-}"
    local times verdict=
    times=$(awk -v wall="$2" -v floor="$(cat "$work/floor")" 'BEGIN { printf "%.1f", (floor > 0 ? wall / floor : 0) }')
    if [ -n "$6" ]; then
        verdict=$(awk -v t="$times" -v most="$6" 'BEGIN { print (t <= most) ? "met" : "NOT MET" }')
        verdict="; target <= ${6}x: $verdict"
    fi
    printf '  %-48s %6.2f s %6.2f s %6.0f MB %6sx (floor %.2f s%s)   %s\n' "$1" "$2" "$3" "$4" "$times" \
        "$(cat "$work/floor")" "$verdict" "$5"
}

# One host of 4 guests; guest g000003's optional vdb misses the middle of its chain.
java -cp "$repo/target/test-classes:$jar" org.virtstartuppolicy.bench.BenchHost "$work/one" 4
guest=$work/one/guests/g000003.xml
cp "$guest" "$work/stdin"
site="rules: {site: [$repo/rules/examples/protect-boot-disk.drl]}"
printf 'qemu: {uid: %s, gid: %s}\ncacheDir: %s\nstateDir: %s\n%s\n' "$uid" "$gid" "$work/cache" "$work/state" "$site" \
    > "$work/site.yaml"
printf 'qemu: {uid: %s, gid: %s}\ncacheDir: %s\nstateDir: %s\n' "$uid" "$gid" "$work/cache" "$work/state" \
    > "$work/baseline.yaml"
"$launcher" evaluate --config "$work/site.yaml" "$guest" > /dev/null || true   # fills the cache

echo "virt-startup-policy benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
    "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1), launcher on ${JAVA_HOME:-$(readlink -f "$(command -v java)")}"
echo
echo "cold evaluate of one domain (4 disks, 3-level chains), median of $runs fresh processes:"
printf '  %-48s %8s %8s %9s %7s   %s\n' "" "wall" "CPU" "peak RSS" "floors" "yardstick"
row "JVM that starts and exits (the floor)" "$(measure "$runs" : "${floor[@]}")" ""
row "java -jar, rules cached" "$(measure "$runs" : java -jar "$jar" evaluate --config "$work/site.yaml" "$guest")" \
    "issue 12, before: 2.7 s, 4.9 s CPU, 140 MB"
row "launcher, rules cached" "$(measure "$runs" : "$launcher" evaluate --config "$work/site.yaml" "$guest")" \
    "target <= 0.50 s"
row "launcher, first run (cache empty)" "$(measure "$runs" 'rm -rf "$work/cache"' "$launcher" evaluate \
    --config "$work/site.yaml" "$guest")" "target <= 1.50 s"
row "launcher, baseline alone (its executable model)" "$(measure "$runs" : "$launcher" evaluate \
    --config "$work/baseline.yaml" "$guest")" "" 7
row "launcher, the README's shipped example" "$(cd / && measure "$runs" : "$launcher" evaluate \
    --root "$repo/src/examples/classic/host" "$repo/src/examples/classic/fedora18.xml")" "issue 29, before: 12x" 7

# The hook as libvirt runs it: no HOME, a minimal PATH, only the hook's own variables.
as_libvirt=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C
    VIRT_STARTUP_POLICY_CONFIG="$work/site.yaml" VIRT_STARTUP_POLICY_LAUNCHER="$launcher"
    VIRT_STARTUP_POLICY_SOCKET="$work/run/socket")
export VIRT_STARTUP_POLICY_CONFIG=$work/site.yaml
if VIRT_STARTUP_POLICY_LAUNCHER=/bin/false "$hook" guest started begin - < "$guest"; then
    ran="no JVM: the launcher was not run"
else
    ran="RAN THE LAUNCHER"
fi
row "hook, started begin (no start pending)" "$(measure "$runs" : "$hook" guest started begin -)" "target: $ran"
export VIRT_STARTUP_POLICY_LAUNCHER=$launcher
export VIRT_STARTUP_POLICY_SOCKET=$work/run/socket
row "hook, prepare begin (no service)" "$(measure "$runs" : "${as_libvirt[@]}" "$hook" g000003 prepare begin -)" \
    "site rule in force: the site's decision and libvirt's"
row "hook, prepare begin (no service), baseline alone" "$(measure "$runs" : "${as_libvirt[@]}" \
    VIRT_STARTUP_POLICY_CONFIG="$work/baseline.yaml" "$hook" g000003 prepare begin -)" "the packaged config's case"

# The same call with the decision service running (issue 13): wall time in ms, from date's
# nanoseconds, since /usr/bin/time counts hundredths.
"$launcher" serve --socket "$work/run/socket" --config "$work/site.yaml" < /dev/null 2> "$work/serve.log" &
serve=$!
for _ in $(seq 600); do [ -S "$work/run/socket" ] && break; sleep 0.1; done
"$hook" g000003 prepare begin - < "$guest" > /dev/null 2>&1 || true   # the service's first decision warms it
: > "$work/ms"
for _ in $(seq $(( runs * 5 ))); do
    start=$(date +%s%N)
    "$hook" g000003 prepare begin - < "$guest" > /dev/null 2>&1 || true
    echo $(( ($(date +%s%N) - start) / 1000 )) >> "$work/ms"
done
kill "$serve"
wait "$serve" || true
serve=
grep -Eq ' POST /v1/hook/prepare (200|409) ' "$work/serve.log" || { echo "fast.sh: the service did not decide" >&2; exit 1; }
printf '  %-44s %6.1f ms (median of %d; the service decided each)   %s\n' "hook, prepare begin (service running)" \
    "$(median < "$work/ms" | awk '{ print $1 / 1000 }')" "$(( runs * 5 ))" "target <= 50 ms"
unset VIRT_STARTUP_POLICY_CONFIG VIRT_STARTUP_POLICY_LAUNCHER VIRT_STARTUP_POLICY_SOCKET

# qemu-img once per disk, on a sample of the 10,000-domain host's disks (made first).
java -cp "$repo/target/test-classes:$jar" org.virtstartuppolicy.bench.BenchHost "$work/b10000" 10000
per_disk_ms=
if command -v qemu-img > /dev/null; then
    awk 'NR % 200 == 1' "$work/b10000/tops.txt" > "$work/sample"
    sampled=$(wc -l < "$work/sample")
    start=$(date +%s%N)
    while read -r top; do qemu-img info --backing-chain --output=json "$top" > /dev/null 2>&1 || true; done < "$work/sample"
    per_disk_ms=$(awk -v ns=$(( $(date +%s%N) - start )) -v n="$sampled" 'BEGIN { printf "%.2f", ns / n / 1e6 }')
fi

echo
echo "batches through the launcher (--output json, rules cached, $(nproc) threads):"
printf '  %9s %9s %9s %10s %10s %9s   %s\n' "domains" "disks" "wall" "domains/s" "us/domain" "peak RSS" \
    "qemu-img info --backing-chain per disk (extrapolated), ratio"
sizes="1000 10000"
[ "$big" = yes ] && sizes="$sizes 100000"
: > "$work/stdin"
for n in $sizes; do
    [ -d "$work/b$n" ] || java -cp "$repo/target/test-classes:$jar" org.virtstartuppolicy.bench.BenchHost "$work/b$n" "$n"
    times=3
    [ "$n" -ge 100000 ] && times=1
    set -- $(measure "$times" : "$launcher" evaluate --config "$work/site.yaml" --output json "$work/b$n/guests")
    yardstick="(no qemu-img)"
    if [ -n "$per_disk_ms" ]; then
        yardstick=$(awk -v ms="$per_disk_ms" -v n="$n" -v wall="$1" 'BEGIN {
            theirs = ms * 4 * n / 1000; printf "%.0f s (%.2f ms x %d disks), %.0fx", theirs, ms, 4 * n, theirs / wall }')
        [ "$n" = 10000 ] && yardstick="$yardstick   target >= 60x: $(awk -v ms="$per_disk_ms" -v n="$n" \
            -v wall="$1" 'BEGIN { print (ms * 4 * n / 1000 / wall >= 60) ? "met" : "NOT MET" }')"
    fi
    [ "$n" = 100000 ] && yardstick="$yardstick   target: peak RSS < 256 MB: $(awk -v rss="$3" \
        'BEGIN { print (rss < 256) ? "met" : "NOT MET" }')"
    awk -v n="$n" -v wall="$1" -v rss="$3" -v y="$yardstick" 'BEGIN {
        printf "  %9d %9d %7.2f s %10.0f %10.0f %6.0f MB   %s\n", n, 4 * n, wall, n / wall, wall / n * 1e6, rss, y }'
    [ "$n" != 10000 ] && rm -rf "$work/b$n"
done
if [ -n "$per_disk_ms" ]; then
    echo "  (qemu-img: $sampled disks of the 10,000-domain batch, one process each: $per_disk_ms ms per disk)"
fi

# What the hook adds to a start in a real libvirtd, without a decision service (issue 29: at most 0.4 s).
if [ "$libvirt" = yes ] && [ "$(id -u)" = 0 ] && command -v virsh > /dev/null && command -v libvirtd > /dev/null; then
    echo
    "$repo/src/test/bench/hook-start.sh"
fi
