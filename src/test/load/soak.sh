#!/bin/sh
# Soak: DECISIONS decisions through the service's socket (the shipped example, src/examples/classic),
# from two clients at once, each a curl keeping its connection; a site rule file changed every
# RELOAD_EVERY decisions, so that the next decision reloads and recompiles. At each tenth: the
# service's RSS, its live heap and non-heap memory after a full collection (jcmd GC.run, then
# /metrics), and its open file descriptors. At the end: every decision logged, one whole line
# each, and /metrics counting what was sent and compiled.
#
# The bounds: the most of the second half's samples against the most of the first half's (the
# yardstick, warm-up included): the live heap and the non-heap memory (metaspace, the classes of
# every rule set compiled, and the JIT's code) at most 10 % + 8 MiB over, the descriptors at most
# 4 over. A leak grows from half to half; what a sample happens to catch (a rule set being
# replaced, the JIT still at work) does not: on a fast machine the first tenth is over in two
# seconds, and a single sample there was no yardstick. RSS, which grows as the JVM takes heap up
# to its maximum (-Xmx512m, as the unit), at most 512 MiB + 256 MiB. Exit 0 all held, 1 a
# decision lost or refused, a broken line, a miscount, or memory or descriptors growing, 3 only
# the RSS over its ceiling.
# Usage (after mvn -B -q package -DskipTests): src/test/load/soak.sh [DECISIONS] [RELOAD_EVERY]
# (the issue's long run: 200000 20000; CI's short form: 20000 2000)
set -eu
decisions=${1:-200000}
reload_every=${2:-20000}
. "$(dirname "$0")/serve.sh"
tenth=$((decisions / 10))
[ $((tenth * 10)) -eq "$decisions" ] && { [ $((tenth % reload_every)) -eq 0 ] || [ $((reload_every % tenth)) -eq 0 ]; } \
    || { echo "DECISIONS must be a multiple of 10, and a tenth a multiple or divisor of RELOAD_EVERY" >&2; exit 2; }
chunk=$((tenth < reload_every ? tenth : reload_every))

mkdir "$work/site"
cat > "$config" <<CONFIG
decisionLog: $work/decisions.jsonl
stateDir: $work/state
rules: {site: [$work/site]}
CONFIG
serve_root=$repo/src/examples/classic/host
domain=$repo/src/examples/classic/fedora18.xml
start_serve "$work/serve.log"

# send N: N decisions, half from each of two clients; prints how many were answered 200
send() {
    half=$(($1 / 2))
    for client in 1 2; do
        n=$half; [ $client -eq 2 ] && n=$(($1 - half))
        awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
            print "url = \"http://localhost/v1/decisions?context=cold-boot\"\noutput = \"/dev/null\"" }' > "$work/curl.$client"
        curl --silent --unix-socket "$socket" --data-binary "@$domain" --write-out '%{http_code}\n' \
            --config "$work/curl.$client" > "$work/codes.$client" &
        eval "client_$client=\$!"
    done
    wait "$client_1" "$client_2" || true
    cat "$work/codes.1" "$work/codes.2" | grep -c '^200$' || true
}

sent=0; answered=0; reloads=0
# live MEMORY_AREA: MiB in use in heap or nonheap, right after a full collection
live() {
    curl --silent --unix-socket "$socket" http://localhost/metrics \
        | awk -v area="$1" 'index($1, "jvm_memory_used_bytes{area=\"" area "\"") == 1 { printf "%d", $2 / 1048576 }'
}
collect() { jcmd "$serve_pid" GC.run > /dev/null; }

start=$(date +%s)
printf '%10s %9s %10s %13s %5s %8s\n' decisions "RSS MiB" "heap MiB" "non-heap MiB" fds seconds
collect
printf '%10d %9d %10d %13d %5d %8d\n' 0 "$(rss_mib)" "$(live heap)" "$(live nonheap)" "$(fds)" 0
while [ $sent -lt "$decisions" ]; do
    answered=$((answered + $(send $chunk)))
    sent=$((sent + chunk))
    if [ $((sent % tenth)) -eq 0 ]; then
        collect
        rss=$(rss_mib); fd=$(fds); heap=$(live heap); nonheap=$(live nonheap)
        printf '%10d %9d %10d %13d %5d %8d\n' $sent "$rss" "$heap" "$nonheap" "$fd" $(($(date +%s) - start))
        if [ $sent -eq $tenth ]; then
            max_rss=$rss; first_heap=$heap; first_nonheap=$nonheap; first_fds=$fd; second_heap=0; second_nonheap=0; second_fds=0
        fi
        [ "$rss" -gt "$max_rss" ] && max_rss=$rss
        if [ $sent -le $((decisions / 2)) ]; then
            [ "$heap" -gt "$first_heap" ] && first_heap=$heap
            [ "$nonheap" -gt "$first_nonheap" ] && first_nonheap=$nonheap
            [ "$fd" -gt "$first_fds" ] && first_fds=$fd
        else
            [ "$heap" -gt "$second_heap" ] && second_heap=$heap
            [ "$nonheap" -gt "$second_nonheap" ] && second_nonheap=$nonheap
            [ "$fd" -gt "$second_fds" ] && second_fds=$fd
        fi
    fi
    if [ $((sent % reload_every)) -eq 0 ] && [ $sent -lt "$decisions" ]; then
        reloads=$((reloads + 1))   # a new text, so a new digest: the next decision recompiles
        { echo "// soak reload $reloads"; cat "$repo/rules/examples/protect-boot-disk.drl"; } > "$work/site/soak.drl"
    fi
done
seconds=$(($(date +%s) - start))

lines=$(wc -l < "$work/decisions.jsonl")
whole=$(grep -c '^{"decisionId":".*}$' "$work/decisions.jsonl" || true)
counted=$(metric virt_startup_policy_decisions_total)
compiled=$(metric virt_startup_policy_rule_compilations_total)
failed=$(metric virt_startup_policy_rule_reload_failures_total)
echo "$sent sent in $seconds s ($((sent / (seconds > 0 ? seconds : 1))) a second), $answered answered 200;" \
    "$lines log lines, $whole of them whole; /metrics: $counted decisions, $compiled compilations" \
    "(1 + $reloads reloads), $failed failed reloads"
heap_bound=$((first_heap + first_heap / 10 + 8)); nonheap_bound=$((first_nonheap + first_nonheap / 10 + 8))
fds_bound=$((first_fds + 4)); rss_bound=$((512 + 256))
echo "the most in the first half (from $tenth decisions), then in the second:" \
    "live heap $first_heap, $second_heap MiB (bound $heap_bound);" \
    "non-heap $first_nonheap, $second_nonheap MiB (bound $nonheap_bound); fds $first_fds, $second_fds (bound $fds_bound);" \
    "RSS at most $max_rss MiB (ceiling $rss_bound)"
machine
status=0
if [ "$answered" -ne "$sent" ] || [ "$lines" -ne "$sent" ] || [ "$whole" -ne "$lines" ] || [ "$counted" -ne "$sent" ] \
    || [ "$compiled" -ne $((1 + reloads)) ] || [ "$failed" -ne 0 ] || [ "$second_fds" -gt "$fds_bound" ] \
    || [ "$second_heap" -gt "$heap_bound" ] || [ "$second_nonheap" -gt "$nonheap_bound" ]; then
    echo "SOAK FAILED: a decision lost or refused, a broken line, a miscount, or memory or descriptors growing"; status=1
elif [ "$max_rss" -gt "$rss_bound" ]; then
    echo "soak: RSS over its ceiling"; status=3
else
    echo "soak held: nothing lost, live memory and descriptors flat from half to half, RSS under its ceiling"
fi
exit $status
