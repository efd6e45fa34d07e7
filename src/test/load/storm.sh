#!/bin/sh
# Boot storm: CALLS libvirt hook calls ("GUEST prepare begin -") at once through the shipped hook
# script, as libvirt runs it when a management layer starts many guests, against the service
# (maxConcurrentRequests 16: the rest wait their turn). Every third guest has a missing disk (the
# start must be refused, naming the file), the others a missing optional CD-ROM (allowed). Printed:
# the median and slowest call beside one call alone (the yardstick, measured in the same run) and
# one in-process fallback alone (a JVM); what /v1/health/live answered meanwhile.
# Then the same storm again, and the service killed with SIGKILL once KILL_AT decisions are logged:
# every call must still end with the right answer (the script's fallback, deciding in process),
# and the decision log hold only whole lines, every guest decided.
# Exit 0 all held, 1 a wrong answer or a broken log line.
# Usage (after mvn -B -q package -DskipTests): src/test/load/storm.sh [CALLS] [KILL_AT]   (default 200 100)
set -eu
calls=${1:-200}
kill_at=${2:-$((calls / 2))}
. "$(dirname "$0")/serve.sh"
hook=$repo/target/virt-startup-policy-hook
chmod 755 "$work"
mkdir -p "$work/images" "$work/guests"

# config LOG STATE: the config the service and the in-process fallback read
write_config() {
    cat > "$config" <<CONFIG
decisionLog: $1
stateDir: $2
qemu: {uid: $(id -u), gid: $(id -g)}
service: {socket: $socket, fallback: true}
CONFIG
}

template=$repo/src/examples/classic/fedora18.xml
i=1
while [ $i -le "$calls" ]; do
    truncate -s 1M "$work/images/guest-$i.img" "$work/images/data-$i.img"
    data=$work/images/data-$i.img
    [ $((i % 3)) -eq 0 ] && data=$work/images/gone-$i.img
    sed -e '/^<!--/,/^-->/d' -e "s|<name>fedora18</name>|<name>guest-$i</name>|" \
        -e "s|<uuid>.*</uuid>|<uuid>$(printf '8d0b4a7e-2c1f-4b3e-9f5a-%012d' $i)</uuid>|" \
        -e "s|/var/lib/libvirt/images/snapshot/snap2.qcow' startupPolicy='optional'|$work/images/guest-$i.img'|" \
        -e "s|type='qcow2'|type='raw'|" \
        -e "s|/var/lib/libvirt/images/fedora18.img|$data|" \
        -e "s|/var/lib/libvirt/images/fedora18-install.iso|$work/images/install-$i.iso|" "$template" > "$work/guests/guest-$i.xml"
    i=$((i + 1))
done

export VIRT_STARTUP_POLICY_SOCKET="$socket" VIRT_STARTUP_POLICY_LAUNCHER="$repo/target/virt-startup-policy" \
    VIRT_STARTUP_POLICY_CONFIG="$config"

# call I DIR: one hook call for guest I, as libvirt makes it; its exit code, time (ms), output in DIR
call() {
    start=$(date +%s%N)
    set +e
    "$hook" "guest-$1" prepare begin - < "$work/guests/guest-$1.xml" > "$2/$1.out" 2> "$2/$1.err"
    echo $? > "$2/$1.code"
    set -e
    echo $((($(date +%s%N) - start) / 1000000)) > "$2/$1.ms"
}

# storm DIR: every call at once; returns when all have ended
storm() {
    mkdir -p "$1"
    pids=
    i=1
    while [ $i -le "$calls" ]; do call $i "$1" & pids="$pids $!"; i=$((i + 1)); done
    for pid in $pids; do wait "$pid"; done
}

# check DIR: every answer right (a refused start names its missing file); prints the wrong ones' count
check() {
    wrong=0
    i=1
    while [ $i -le "$calls" ]; do
        code=$(cat "$1/$i.code")
        if [ $((i % 3)) -eq 0 ]; then
            { [ "$code" = 1 ] && grep -q "gone-$i.img" "$1/$i.err"; } || { wrong=$((wrong + 1)); echo "guest-$i: exit $code, $(head -c 300 "$1/$i.err")" >&2; }
        else
            [ "$code" = 0 ] || { wrong=$((wrong + 1)); echo "guest-$i: exit $code, $(head -c 300 "$1/$i.err")" >&2; }
        fi
        i=$((i + 1))
    done
    echo $wrong
}

stats() { # DIR: median and slowest call
    cat "$1"/*.ms | sort -n | awk '{ v[NR] = $1 } END { printf "median %d ms, slowest %d ms", v[int((NR + 1) / 2)], v[NR] }'
}

whole_lines() { grep -c '^{"decisionId":".*}$' "$1" || true; }
guests() { sed -n 's/.*"domain":"\(guest-[0-9]*\)".*/\1/p' "$1" | sort -u | wc -l; }
status=0

# 1. the storm against a service that stays up
write_config "$work/storm.jsonl" "$work/state"
start_serve "$work/serve.log"
mkdir "$work/alone"
for n in 1 2 3 4 5; do call 1 "$work/alone"; cat "$work/alone/1.ms"; done | sort -n | sed -n 3p > "$work/alone.ms"
: > "$work/storm.jsonl"
( while [ ! -e "$work/storm-done" ]; do
      curl --silent --unix-socket "$socket" --output /dev/null --write-out '%{http_code} %{time_total}\n' \
          http://localhost/v1/health/live || echo "000 0"
      sleep 0.2
  done > "$work/live" ) &
live_pid=$!
started=$(date +%s%N)
storm "$work/storm"
storm_ms=$((($(date +%s%N) - started) / 1000000))
touch "$work/storm-done"; wait $live_pid
wrong=$(check "$work/storm")
lines=$(wc -l < "$work/storm.jsonl")
decided=$(guests "$work/storm.jsonl")
served=$(grep -c 'service: hook prepare' "$work/storm.jsonl" || true)
echo "storm: $calls hook calls at once through the hook script, all ended in $storm_ms ms: $((calls - wrong)) answered right;" \
    "$(stats "$work/storm"); one call alone: median $(cat "$work/alone.ms") ms"
echo "  $lines log lines ($(whole_lines "$work/storm.jsonl") whole), $decided of $calls guests decided;" \
    "$served by the service ($(metric virt_startup_policy_decisions_total)" \
    "decisions in /metrics, 5 of them alone before), $((calls - served)) in process (the script's fallback:" \
    "$(awk '$1 >= 60000' "$work"/storm/*.ms | wc -l) calls took 60 s or more, the script's wait)"
echo "  meanwhile /v1/health/live: $(awk '$1 == 200 { n++; if ($2 > m) m = $2 } $1 != 200 { bad++ }
    END { printf "%d answers, slowest %.0f ms, %d not 200", n, m * 1000, bad }' "$work/live");" \
    "503 answers to the hook: $(grep -l 'answered 503' "$work/storm"/*.err 2> /dev/null | wc -l)"
[ "$wrong" -eq 0 ] && [ "$decided" -eq "$calls" ] && [ "$(whole_lines "$work/storm.jsonl")" -eq "$lines" ] || status=1
stop_serve

# the yardstick for the fallback: one call decided in process (no service), a JVM
mkdir "$work/fallback"
for n in 1 2 3; do call 2 "$work/fallback"; cat "$work/fallback/2.ms"; done | sort -n | sed -n 2p > "$work/fallback.ms"
echo "  one call with no service (the script's fallback, a JVM): median $(cat "$work/fallback.ms") ms"

# 2. the same storm, the service killed with SIGKILL once KILL_AT decisions are logged
write_config "$work/kill.jsonl" "$work/state-kill"
: > "$work/kill.jsonl"
start_serve "$work/serve-kill.log"
killed_pid=$serve_pid
( until [ "$(wc -l < "$work/kill.jsonl")" -ge "$kill_at" ] || [ -e "$work/kill-done" ]; do sleep 0.01; done
  kill -KILL "$killed_pid" 2> /dev/null && date +%s%N > "$work/killed-at" ) &
killer=$!
started=$(date +%s%N)
storm "$work/kill"
touch "$work/kill-done"; wait $killer || true
wait "$killed_pid" 2> /dev/null || true
serve_pid=
storm_ms=$((($(date +%s%N) - started) / 1000000))
wrong=$(check "$work/kill")
lines=$(wc -l < "$work/kill.jsonl")
whole=$(whole_lines "$work/kill.jsonl")
by_service=$(grep -c 'service: hook prepare' "$work/kill.jsonl" || true)
decided=$(guests "$work/kill.jsonl")
echo "SIGKILL: the service killed after $kill_at decisions$([ -e "$work/killed-at" ] && echo " ($((($(cat "$work/killed-at") - started) / 1000000)) ms into the storm)" || echo " (NOT killed: the storm ended first)");" \
    "$calls calls all ended in $storm_ms ms: $((calls - wrong)) answered right; $(stats "$work/kill")"
echo "  $lines log lines, $whole whole; $by_service decided by the service, $((lines - by_service)) in process;" \
    "$decided of $calls guests decided (a call the service logged but did not answer is decided again)"
[ "$wrong" -eq 0 ] && [ "$whole" -eq "$lines" ] && [ "$decided" -eq "$calls" ] && [ -e "$work/killed-at" ] || status=1
machine
[ $status -eq 0 ] && echo "storm held: every call answered right, the log whole" || echo "STORM FAILED"
exit $status
