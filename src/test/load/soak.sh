#!/bin/sh
# Soak: DECISIONS decisions through the service's socket (the shipped example, src/examples/classic),
# from two clients at once, each a curl keeping its connection; a site rule file changed every
# RELOAD_EVERY decisions, so that the next decision reloads and recompiles. At each tenth: the
# service's RSS and open file descriptors. At the end: every decision logged, one whole line
# each, and /metrics counting what was sent and compiled.
#
# The bound, after warm-up (the first tenth), as the yardstick: RSS at most 10 % over its value
# then, open file descriptors at most 4 over. Exit 0 all held, 1 a decision lost or refused, a
# broken log line, a miscount or the descriptors grew, 3 only the RSS over its bound.
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
start=$(date +%s)
printf '%10s %9s %5s %8s\n' decisions "RSS MiB" fds seconds
printf '%10d %9d %5d %8d\n' 0 "$(rss_mib)" "$(fds)" 0
while [ $sent -lt "$decisions" ]; do
    answered=$((answered + $(send $chunk)))
    sent=$((sent + chunk))
    if [ $((sent % tenth)) -eq 0 ]; then
        rss=$(rss_mib); fd=$(fds)
        printf '%10d %9d %5d %8d\n' $sent "$rss" "$fd" $(($(date +%s) - start))
        if [ $sent -eq $tenth ]; then warm_rss=$rss; warm_fds=$fd; max_rss=$rss; max_fds=$fd; fi
        [ "$rss" -gt "${max_rss:-0}" ] && max_rss=$rss
        [ "$fd" -gt "${max_fds:-0}" ] && max_fds=$fd
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
rss_bound=$((warm_rss + warm_rss / 10)); fds_bound=$((warm_fds + 4))
echo "after warm-up ($tenth decisions): RSS $warm_rss MiB, at most $max_rss MiB since (bound $rss_bound MiB);" \
    "fds $warm_fds, at most $max_fds since (bound $fds_bound)"
machine
status=0
if [ "$answered" -ne "$sent" ] || [ "$lines" -ne "$sent" ] || [ "$whole" -ne "$lines" ] || [ "$counted" -ne "$sent" ] \
    || [ "$compiled" -ne $((1 + reloads)) ] || [ "$failed" -ne 0 ] || [ "$max_fds" -gt "$fds_bound" ]; then
    echo "SOAK FAILED: a decision lost or refused, a broken line, a miscount, or descriptors growing"; status=1
elif [ "$max_rss" -gt "$rss_bound" ]; then
    echo "soak: RSS over its bound"; status=3
else
    echo "soak held: nothing lost, RSS and descriptors flat after warm-up"
fi
exit $status
