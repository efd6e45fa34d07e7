#!/usr/bin/env bash
# Fuzzes every target in turn with Jazzer (coverage-guided, in process) and prints how many inputs
# each ran and whether any failed.
#
#   src/test/fuzz/run.sh [SECONDS_PER_TARGET]     (default 600)
#
# Each target gets SECONDS_PER_TARGET, a time bound of 10 s per input (a hang is a finding) and a
# 1 GiB heap (an input that needs more is a finding). The corpus each run grows is kept in
# target/fuzz-corpus/TARGET, so a later run starts where this one ended; the seeds under
# src/test/resources/.../*FuzzTestInputs/ run first, and a failing input is written there, so it
# becomes a regression test of every `mvn test`. Exits 1 when any target found something.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
seconds=${1:-600}
targets="image.HeaderFuzzTest image.HeaderDifferentialFuzzTest image.ChainWalkFuzzTest domain.DomainXmlFuzzTest service.ServiceRequestFuzzTest"
mvn -B -q -ntp test-compile || exit 2
failed=0
total=0
for target in $targets; do
    name=${target#*.}
    mkdir -p "target/fuzz-corpus/$name"
    log=target/fuzz-corpus/$name.log
    JAZZER_FUZZ=1 mvn -B -q -ntp surefire:test -Dtest="org.virtstartuppolicy.$target" -DtrimStackTrace=false \
        -DargLine=-Xmx1g -Djazzer.internal.arg.0=fuzz "-Djazzer.internal.arg.1=target/fuzz-corpus/$name" \
        "-Djazzer.internal.arg.2=-max_total_time=$seconds" -Djazzer.internal.arg.3=-timeout=10 > "$log" 2>&1
    status=$?
    runs=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{ print $2 }')
    runs=${runs:-0}
    total=$((total + runs))
    if [ "$status" -eq 0 ]; then
        printf '%-24s %12d inputs in %s s, none failed\n' "$name" "$runs" "$seconds"
    else
        failed=1
        printf '%-24s %12d inputs, FAILED (see %s)\n' "$name" "$runs" "$log"
    fi
done
printf '%-24s %12d inputs\n' "all" "$total"
exit "$failed"
