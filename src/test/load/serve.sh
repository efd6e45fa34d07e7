# Sourced by soak.sh and storm.sh: starts the built service as the systemd unit runs it (the
# launcher, -Xmx512m) on a socket in a fresh work folder, and stops exactly what it started.
# Sets: repo, work, socket, config, serve_pid; functions start_serve, stop_serve, rss_mib, fds.
repo=$(cd "$(dirname "$0")/../../.." && pwd)
launcher=$repo/target/virt-startup-policy
[ -x "$launcher" ] && [ -f "$repo/target/virt-startup-policy.jar" ] \
    || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/virt-startup-policy-load.XXXXXX")
socket=$work/run/socket
config=$work/config.yaml
serve_pid=
cleanup() { # keeps the script's exit status, whatever the stopped service's was
    status=$?
    if [ -n "$serve_pid" ] && kill "$serve_pid" 2> /dev/null; then
        wait "$serve_pid" 2> /dev/null || true
    fi
    rm -rf "$work"
    exit $status
}
trap cleanup EXIT
trap 'exit 2' HUP INT TERM

# start_serve LOG: serve in the background, its events in LOG; returns once the socket answers (60 s at most)
start_serve() {
    VIRT_STARTUP_POLICY_JAVA_OPTS=-Xmx512m "$launcher" serve --config "$config" --socket "$socket" \
        ${serve_root:+--root "$serve_root"} 2> "$1" &
    serve_pid=$!
    i=0
    until curl --silent --fail --unix-socket "$socket" --output /dev/null http://localhost/v1/health/live; do
        i=$((i + 1))
        if [ $i -gt 600 ] || ! kill -0 "$serve_pid" 2> /dev/null; then
            echo "serve did not start:" >&2; cat "$1" >&2; exit 1
        fi
        sleep 0.1
    done
}

stop_serve() {
    kill "$serve_pid"; wait "$serve_pid" 2> /dev/null || true
    serve_pid=
}

rss_mib() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$serve_pid/status"; }
fds() { ls "/proc/$serve_pid/fd" | wc -l; }

# metric NAME: the sum of a metric's samples in a scrape of /metrics (labels ignored)
metric() {
    curl --silent --unix-socket "$socket" http://localhost/metrics \
        | awk -v name="$1" '$1 == name || index($1, name "{") == 1 { sum += $NF } END { printf "%d", sum }'
}

machine() {
    echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
        "$(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
}
