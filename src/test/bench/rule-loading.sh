#!/usr/bin/env bash
# Benchmark: the baseline rules compiled at build time two ways, each loaded in fresh JVMs set up
# as the launcher sets them up (C1 only, serial collector, a static class-data-sharing archive
# made for that way by a training run of it):
#   serialized  the compiled packages as Drools serialises them (what the tool ships), and
#   model       Drools' executable model (drools-model-codegen at build time, drools-model-compiler
#               at run time; fetched from Maven Central for this benchmark only).
# Prints the median, over RUNS fresh processes each (default 9, alternating), of the whole run's
# wall and CPU time and of the time to load the rules and to evaluate one guest; how long
# generating the executable model takes (what compiling site rules that way would cost a run);
# and whether both decide the guest alike (the model names no rule file: "file" is left out).
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

cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>executable-model</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.drools</groupId><artifactId>drools-model-codegen</artifactId><version>$drools</version></dependency>
    <dependency><groupId>org.drools</groupId><artifactId>drools-model-compiler</artifactId><version>$drools</version></dependency>
  </dependencies>
  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
    <version>3.8.1</version></plugin></plugins></build>
</project>
POM
mvn -B -q -ntp -f "$work/pom.xml" dependency:build-classpath -Dmdep.outputFile="$work/model.classpath"
(cd "$repo/target/test-classes" && jar cf "$work/bench.jar" org/virtstartuppolicy/rules/RuleLoadingBenchmark*.class)
cp="$jar:$work/bench.jar:$(cat "$work/model.classpath")"

set -- $(java -cp "$cp" org.virtstartuppolicy.rules.RuleLoadingBenchmark generate "$work/model")
generated_ms=$1
model_class=$2
(cd "$work/model" && jar cf "$work/model.jar" .)
cp="$cp:$work/model.jar"

java -cp "$repo/target/test-classes:$jar" org.virtstartuppolicy.bench.BenchHost "$work/host" 4
guest=$work/host/guests/g000003.xml
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx128m -XX:-UsePerfData"
way() { # serialized|model
    if [ "$1" = model ]; then echo "model $model_class $guest"; else echo "serialized $guest"; fi
}
for w in serialized model; do
    # shellcheck disable=SC2046,SC2086
    java $flags -XX:DumpLoadedClassList="$work/$w.classes" -cp "$cp" org.virtstartuppolicy.rules.RuleLoadingBenchmark \
        $(way $w) > "$work/$w.json" 2>/dev/null
    # shellcheck disable=SC2086
    java $flags -Xshare:dump -XX:SharedClassListFile="$work/$w.classes" -XX:SharedArchiveFile="$work/$w.jsa" \
        -cp "$cp" > /dev/null 2>&1
done
for i in $(seq "$runs"); do
    for w in serialized model; do
        # shellcheck disable=SC2046,SC2086
        /usr/bin/time -f '%e %U %S' -o "$work/time" java $flags -Xshare:auto -XX:SharedArchiveFile="$work/$w.jsa" \
            -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$cp" org.virtstartuppolicy.rules.RuleLoadingBenchmark $(way $w) \
            2> "$work/inner" > /dev/null
        echo "$(tail -1 "$work/time") $(cut -d' ' -f2,4 "$work/inner")" >> "$work/$w.times"
    done
done
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "baseline rules loaded two ways, $runs fresh JVMs each (C1, serial GC, static CDS archive of its own), one guest"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores," \
    "load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); Drools $drools"
printf '  %-12s %9s %9s %12s %14s\n' "" "wall" "CPU" "load rules" "first evaluate"
for w in serialized model; do
    printf '  %-12s %7.3f s %7.3f s %9.0f ms %11.0f ms\n' "$w" \
        "$(awk '{ print $1 }' "$work/$w.times" | median)" "$(awk '{ print $2 + $3 }' "$work/$w.times" | median)" \
        "$(awk '{ print $4 }' "$work/$w.times" | median)" "$(awk '{ print $5 }' "$work/$w.times" | median)"
done
echo "  generating the executable model of the baseline (as site rules would need at run time): $generated_ms ms"
if diff <(grep -v '"file"' "$work/serialized.json") <(grep -v '"file"' "$work/model.json") > /dev/null; then
    echo "  both decide the guest alike (JSON with --explain, rule files left out: the model names none)"
else
    echo "  THE DECISIONS DIFFER:"
    diff <(grep -v '"file"' "$work/serialized.json") <(grep -v '"file"' "$work/model.json") | head -20
fi
