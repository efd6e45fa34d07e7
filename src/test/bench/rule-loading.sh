#!/usr/bin/env bash
# Benchmark: the baseline rules compiled at build time two ways, each loaded in fresh JVMs set up
# as the launcher sets them up (C1 only, serial collector, a static class-data-sharing archive
# made for that way by a training run of it):
#   model       Drools' executable model, as the tool ships it (generated and compiled by the
#               build; a baseline-only run builds its rule base from it), and
#   serialized  the compiled packages as Drools serialises them (what the tool shipped before;
#               its rule cache keeps site rules this way), saved here from the packaged DRL.
# Prints the median, over RUNS fresh processes each (default 9, alternating), of the whole run's
# wall and CPU time and of the time to get the rules and to evaluate one guest; how long compiling
# the baseline's DRL and generating its executable model take (what a run with site rules would
# pay for either); and whether both decide the guest alike (JSON with --explain, rule files and all).
# Uses the shipped jar and the project's own dependencies (drools-model-codegen for the timing of
# the generation only, as the build has it); fetches nothing else.
# Usage: src/test/bench/rule-loading.sh [RUNS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
runs=${1:-9}
mvn -B -q -ntp package -DskipTests
jar=$repo/target/virt-startup-policy.jar
drools=$(sed -n 's:.*<drools.version>\(.*\)</drools.version>.*:\1:p' pom.xml)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$repo/target/test-classes" && jar cf "$work/bench.jar" org/virtstartuppolicy/rules/RuleLoadingBenchmark*.class)
cp="$jar:$work/bench.jar"
compiled_ms=$(java -cp "$cp" org.virtstartuppolicy.rules.RuleLoadingBenchmark serialize "$work/baseline.serialized")
# the build's class path (provided dependencies too); 2.8 is the version Maven 3 binds by default,
# so the local repository has it and all it needs
mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile="$work/build.classpath"
generated_ms=$(java -cp "$repo/target/classes:$work/bench.jar:$(cat "$work/build.classpath")" \
    org.virtstartuppolicy.rules.RuleLoadingBenchmark generate "$work/model")

java -cp "$repo/target/test-classes:$jar" org.virtstartuppolicy.bench.BenchHost "$work/host" 4
guest=$work/host/guests/g000003.xml
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -XX:-UsePerfData"
way() { # model|serialized
    if [ "$1" = model ]; then echo "model $guest"; else echo "serialized $work/baseline.serialized $guest"; fi
}
for w in model serialized; do
    # shellcheck disable=SC2046,SC2086
    java $flags -XX:DumpLoadedClassList="$work/$w.classes" -cp "$cp" org.virtstartuppolicy.rules.RuleLoadingBenchmark \
        $(way $w) > "$work/$w.json" 2>/dev/null
    # shellcheck disable=SC2086
    java $flags -Xshare:dump -XX:SharedClassListFile="$work/$w.classes" -XX:SharedArchiveFile="$work/$w.jsa" \
        -cp "$cp" > /dev/null 2>&1
done
for i in $(seq "$runs"); do
    for w in model serialized; do
        # shellcheck disable=SC2046,SC2086
        /usr/bin/time -f '%e %U %S' -o "$work/time" java $flags -Xshare:auto -XX:SharedArchiveFile="$work/$w.jsa" \
            -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" org.virtstartuppolicy.rules.RuleLoadingBenchmark $(way $w) \
            2> "$work/inner" > /dev/null
        echo "$(tail -1 "$work/time") $(cut -d' ' -f2,4 "$work/inner")" >> "$work/$w.times"
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "baseline rules got two ways, $runs fresh JVMs each (C1, serial GC, static CDS archive of its own), one guest"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
    "load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); Drools $drools"
printf '  %-12s %9s %9s %12s %14s\n' "" "wall" "CPU" "get rules" "first evaluate"
for w in model serialized; do
    printf '  %-12s %7.3f s %7.3f s %9.0f ms %11.0f ms\n' "$w" \
        "$(awk '{ print $1 }' "$work/$w.times" | median)" "$(awk '{ print $2 + $3 }' "$work/$w.times" | median)" \
        "$(awk '{ print $4 }' "$work/$w.times" | median)" "$(awk '{ print $5 }' "$work/$w.times" | median)"
done
echo "  compiling the baseline's DRL (a JVM's first compile, C2 on): $compiled_ms ms;" \
    "generating and compiling its executable model: $generated_ms ms"
if diff "$work/model.json" "$work/serialized.json" > /dev/null; then
    echo "  both decide the guest alike (JSON with --explain, each rule named after its file)"
else
    echo "  THE DECISIONS DIFFER:"
    diff "$work/model.json" "$work/serialized.json" | head -20
    exit 1
fi
