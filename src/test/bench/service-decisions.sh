#!/bin/sh
# The decision service against the in-process CLI, on the shipped example (src/examples/classic):
#   1. DECISIONS decisions in a row through the socket (curl --unix-socket): median and p95 wall time,
#      beside the median of 5 single `evaluate` runs (a JVM each) as the yardstick;
#   2. 32 decisions at once: all answered, the slowest, and no decision-log line lost;
#   3. a rule file edited while the service runs: the next decision uses it;
#   4. RSS_RUN decisions in a row: the service's RSS before and after.
# Usage (after mvn -B -q package -DskipTests): src/test/bench/service-decisions.sh [DECISIONS] [RSS_RUN]
set -eu
decisions=${1:-500}
rss_run=${2:-10000}
cd "$(dirname "$0")/../../.."
jar=target/virt-startup-policy.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

mkdir "$work/site"
cat > "$work/config.yaml" <<CONFIG
decisionLog: $work/decisions.jsonl
rules: {site: [$work/site]}
CONFIG
root=src/examples/classic/host
domain=src/examples/classic/fedora18.xml
socket=$work/run/socket

java -XX:+UseSerialGC -jar "$jar" serve --config "$work/config.yaml" --root "$root" --socket "$socket" 2> "$work/serve.log" &
pid=$!
i=0; while [ ! -S "$socket" ]; do i=$((i + 1)); [ $i -gt 300 ] && { cat "$work/serve.log"; exit 1; }; sleep 0.1; done

decide() {
    curl --silent --fail --unix-socket "$socket" --data-binary "@$domain" --output /dev/null \
        --write-out '%{time_total}\n' 'http://localhost/v1/decisions?context=cold-boot'
}
stats() { # median and p95 of the numbers on standard input, in ms
    sort -n | awk '{ v[NR] = $1 * 1000 } END { m = v[int((NR + 1) / 2)]; p = v[int(NR * 0.95 + 0.999)];
        printf "median %.1f ms, p95 %.1f ms (n=%d)", m, p, NR }'
}
rss() { awk '/VmRSS/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status"; }

for _ in $(seq 50); do decide > /dev/null; done   # warm-up
for _ in $(seq "$decisions"); do decide; done > "$work/times"
echo "service, one decision through the socket:   $(stats < "$work/times")"

for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    java -jar "$jar" evaluate --root "$root" --context cold-boot --output json "$domain" > /dev/null
    echo "$(( $(date +%s%N) - start ))" | awk '{ print $1 / 1e9 }'
done > "$work/cli"
echo "in-process CLI, one evaluate (a JVM each): $(stats < "$work/cli")"

before=$(wc -l < "$work/decisions.jsonl")
jobs=
mkdir "$work/at-once"
for i in $(seq 32); do decide > "$work/at-once/$i" & jobs="$jobs $!"; done
for job in $jobs; do wait "$job"; done   # not a bare wait: the service is a background job too
after=$(wc -l < "$work/decisions.jsonl")
echo "32 at once: $(cat "$work"/at-once/* | wc -l) answered, slowest $(cat "$work"/at-once/* | sort -n | tail -1 | awk '{ printf "%.0f", $1 * 1000 }') ms, $((after - before)) log lines"

digest() { curl --silent --unix-socket "$socket" http://localhost/v1/rules | awk -F'"' '/"digest"/ { print $4; exit }'; }
old=$(digest)
cp rules/examples/protect-boot-disk.drl "$work/site/"
decide > /dev/null
used=$(tail -1 "$work/decisions.jsonl" | sed 's/.*"rulesDigest":"\([^"]*\)".*/\1/')
[ "$used" != "$old" ] && [ "$used" = "$(digest)" ] && echo "rule file added while serving: the next decision used $used" \
    || { echo "rule edit NOT picked up ($old -> $used)"; exit 1; }

printf '%s decisions in a row: RSS %s before' "$rss_run" "$(rss)"
i=0; while [ $i -lt "$rss_run" ]; do
    decide > /dev/null; i=$((i + 1))
    [ $((i % (rss_run / 5))) -eq 0 ] && printf ', %s after %d' "$(rss)" "$i"
done
echo
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(java -version 2>&1 | head -1)"
