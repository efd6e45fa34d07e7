#!/usr/bin/env bash
# Benchmark: what the rule trace costs. Runs the same batch of domains through the rules with and
# without the trace and prints both times and the overhead. Usage: src/test/bench/trace-overhead.sh [DOMAINS] [ROUNDS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$repo"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    org.virtstartuppolicy.bench.TraceOverheadBenchmark "$@"
