#!/usr/bin/env bash
# Benchmark: one `inspect` call over N three-level chains (default 1,000) against running
# `qemu-img info --backing-chain` once per chain, as a script or hook would without this tool.
# Prints both wall-clock times and the ratio; exits 1 when the tool is not at least 10x faster.
# Needs qemu-img (Debian: qemu-utils). Usage: src/test/bench/inspect-vs-qemu-img.sh [N]
set -euo pipefail
chains=${1:-1000}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
jar=$repo/target/virt-startup-policy.jar
[ -f "$jar" ] || (cd "$repo" && mvn -B -q package -DskipTests)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# mktemp's folder is 0700: QEMU's account must be able to reach the images, as on a host.
chmod 755 "$work"

# One real chain made by qemu-img (qcow2 → qcow2 → raw, relative names), copied N times.
mkdir -p "$work/template/base"
qemu-img create -q -f raw "$work/template/base/base.raw" 64M
qemu-img create -q -f qcow2 -b base/base.raw -F raw "$work/template/mid.qcow2"
qemu-img create -q -f qcow2 -b mid.qcow2 -F qcow2 "$work/template/top.qcow2"
for i in $(seq 1 "$chains"); do cp -r "$work/template" "$work/chain$i"; done
tops=()
for i in $(seq 1 "$chains"); do tops+=("$work/chain$i/top.qcow2"); done

now() { date +%s%N; }

start=$(now)
java -jar "$jar" inspect --output json "${tops[@]}" > "$work/ours.jsonl"
ours=$(( ($(now) - start) / 1000000 ))
whole=$(grep -c '"problem":null' "$work/ours.jsonl")
[ "$whole" -eq "$chains" ] || { echo "inspect found only $whole whole chains of $chains" >&2; exit 1; }

start=$(now)
for top in "${tops[@]}"; do qemu-img info --backing-chain --output=json "$top" > /dev/null; done
theirs=$(( ($(now) - start) / 1000000 ))

ratio=$(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')
echo "chains:                                    $chains (3 images each)"
echo "virt-startup-policy inspect, one call:     ${ours} ms"
echo "qemu-img info --backing-chain, per chain:  ${theirs} ms"
echo "ratio:                                     ${ratio}x"
awk -v r="$ratio" 'BEGIN { exit !(r >= 10) }' || { echo "below the 10x target" >&2; exit 1; }
