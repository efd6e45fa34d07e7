#!/usr/bin/env bash
# Benchmark for a whole host: N guests (default 1,000) defined in a real libvirtd, two disks each,
# the system disk an overlay of one of 20 shared templates (SharedTemplatesHost). Times `host` and
# `dependents TEMPLATE/` (one process each, through the launcher) beside the shell loop an operator
# writes without this tool over the same guests: `virsh dumpxml` per guest, then
# `qemu-img info --backing-chain` per disk. Prints the times, the ratios and peak RSS.
#
#   src/test/bench/host.sh [N]
#
# Needs root, libvirt (libvirt-daemon-system, libvirt-clients), qemu-img (qemu-utils) and
# /usr/bin/time. Uses a running libvirtd, or starts one and stops exactly that one by PID; one
# libvirt daemon at a time on a machine, so it waits for the conformance suite's lock.
set -euo pipefail
guests=${1:-1000}
case $guests in *[!0-9]* | '') echo "usage: $0 [N]" >&2; exit 2 ;; esac
lock=/tmp/virt-startup-policy-libvirt.lock
if [ -z "${VSP_BENCH_LOCKED:-}" ]; then
    VSP_BENCH_LOCKED=1 exec flock "$lock" "$0" "$@"
fi
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
mvn -B -q -ntp package -DskipTests
launcher=$repo/target/virt-startup-policy
jar=$repo/target/virt-startup-policy.jar
virsh() { command virsh -q -c qemu:///system "$@"; }

# Under /var/lib, as a host's images are: QEMU's account must reach them, which the tool checks.
work=/var/lib/virt-startup-policy-bench
started=
cleanup() {
    virsh list --all --name 2> /dev/null | grep '^vsp-bench-' | sed 's/^/undefine /' | virsh > /dev/null 2>&1 || true
    if [ -n "$started" ]; then
        kill "$started" 2> /dev/null || true
        while kill -0 "$started" 2> /dev/null && ! grep -q '^State:.*zombie' "/proc/$started/status" 2> /dev/null; do
            sleep 0.1
        done
    fi
    rm -rf "$work"
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work"
chmod 755 "$work"

if ! virsh version > /dev/null 2>&1; then
    libvirtd -d -p "$work/libvirtd.pid"
    for _ in $(seq 600); do [ -s "$work/libvirtd.pid" ] && virsh version > /dev/null 2>&1 && break; sleep 0.1; done
    started=$(cat "$work/libvirtd.pid")
fi

java -cp "$repo/target/test-classes:$jar" org.virtstartuppolicy.bench.SharedTemplatesHost "$work" "$guests"
# one virsh connection for all the definitions
for xml in "$work"/definitions/*.xml; do echo "define $xml"; done | virsh > /dev/null

now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }

start=$(now)
/usr/bin/time -f %M -o "$work/host.rss" "$launcher" host -o json > "$work/host.json" || [ $? -eq 1 ]
host_ms=$(ms "$start")
# the JSON is pretty-printed: "field" : value
field() { sed -n "s/^ *\"$1\" : \(.*\),\{0,1\}$/\1/p" "$2" | tr -d '",'; }
listed=$(field name "$work/host.json" | grep "^vsp-bench-g" | sort -u | wc -l)
[ "$listed" -eq "$guests" ] || { echo "host listed $listed of the $guests guests" >&2; exit 1; }
losing=$(field loseADiskOrMedium "$work/host.json")

start=$(now)
/usr/bin/time -f %M -o "$work/dependents.rss" "$launcher" dependents -o json --in "$work/images" \
    "$work/templates/t03/" > "$work/dependents.json" || [ $? -eq 1 ]
dependents_ms=$(ms "$start")
users=$(field guestDisks "$work/dependents.json")
want=$(( (guests + 16) / 20 ))
[ "$users" -eq "$want" ] || { echo "dependents found $users guest disks over template t03, not $want" >&2; exit 1; }

# The loop without this tool: every guest's definition, then every disk's chain.
start=$(now)
for guest in $(virsh list --all --name | grep '^vsp-bench-'); do
    virsh dumpxml --inactive "$guest" | sed -n "s/.*<source file='\([^']*\)'.*/\1/p" | while read -r image; do
        qemu-img info -U --backing-chain "$image" > /dev/null 2>&1 || true
    done
done
loop_ms=$(ms "$start")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "host:                 $guests guests, 2 disks each, system disks over 20 shared templates (machine: $(nproc) cores)"
echo "host -o json:         ${host_ms} ms, peak RSS $(( $(tail -1 "$work/host.rss") / 1024 )) MB ($losing guests would lose a disk)"
echo "dependents t03/:      ${dependents_ms} ms, peak RSS $(( $(tail -1 "$work/dependents.rss") / 1024 )) MB ($users guest disks)"
echo "virsh dumpxml + qemu-img info --backing-chain loop: ${loop_ms} ms"
echo "ratio, host:          $(ratio "$loop_ms" "$host_ms")x"
echo "ratio, dependents:    $(ratio "$loop_ms" "$dependents_ms")x"
