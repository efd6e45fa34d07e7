#!/usr/bin/env bash
# Benchmark: the host page of 1,000 guests (4 qcow2 disks each, every disk a 3-level chain, every
# tenth guest missing an optional disk's middle image, every fiftieth a mandatory disk's base), made
# by the launcher (`host -o html`) and opened in Debian's headless Chromium. Prints the page's size
# and how long the tool takes to write it, then Chromium's times (median of ROUNDS loads) beside two
# yardsticks: the same host's text report in a <pre> (what the browser takes for that much text
# alone), and the targets: a page under 5 MB, drawn in under 2 s.
# Usage: src/test/bench/html.sh [GUESTS] [ROUNDS]. Needs chromium and chromium-driver; builds first.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
guests=${1:-1000}
rounds=${2:-5}
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || {
    echo "html.sh: needs Debian's chromium and chromium-driver" >&2
    exit 2
}
mvn -B -q package -DskipTests
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"
work=target/bench-html
rm -rf "$work"
mkdir -p "$work"
java -cp "$classpath" org.virtstartuppolicy.bench.BenchHost "$work/host" "$guests" libvirt

started=$(date +%s%N)
status=0
target/virt-startup-policy host --root "$work/host" --as-user 0:0 -o html > "$work/host.html" || status=$?
written=$(( ($(date +%s%N) - started) / 1000000 ))
# 1: some guest loses a disk, as this host's broken chains make them
[ "$status" -le 1 ] || { echo "html.sh: host exited $status" >&2; exit 1; }
target/virt-startup-policy host --root "$work/host" --as-user 0:0 > "$work/host.txt" || true
{ printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>text</title></head><body><pre>'
  sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' "$work/host.txt"
  printf '</pre></body></html>\n'; } > "$work/yardstick.html"

bytes=$(stat -c %s "$work/host.html")
echo "host -o html for $guests guests: $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB; target: under 5 MB), written in $written ms by the launcher"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(/usr/bin/chromium --version 2>/dev/null | head -1)"
java -cp "$classpath" org.virtstartuppolicy.bench.HtmlPageBenchmark "$rounds" \
    "host page, $guests guests=$work/host.html" "yardstick: its text report in a <pre>=$work/yardstick.html"
echo "target: drawn in under 2000 ms"
