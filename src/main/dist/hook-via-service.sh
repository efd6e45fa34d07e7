#!/bin/sh
# virt-startup-policy: ask the resident decision service (virt-startup-policy serve) for libvirt's
# QEMU hook decision, and fall back to the launcher when no service answers.
#
# Called as libvirt calls a hook: hook-via-service.sh GUEST OPERATION SUBOPERATION EXTRA, with the
# domain XML on standard input. Exit 0 (and the effective XML on standard output, for restore and
# migrate when a site rule drops a disk), or 1 with the reason on standard error.
#
#   VIRT_STARTUP_POLICY_SOCKET    the service's socket (default /run/virt-startup-policy/socket;
#                                 the config's service.socket)
#   VIRT_STARTUP_POLICY_FALLBACK  true: decide with the launcher when no service answers (default);
#                                 false: fail the start (the config's service.fallback)
#   VIRT_STARTUP_POLICY_LAUNCHER  what decides in process (default: java -jar on the installed jar)
#
# POSIX sh and curl (7.87 or later, for --url-query).
set -u

socket=${VIRT_STARTUP_POLICY_SOCKET:-/run/virt-startup-policy/socket}
fallback=${VIRT_STARTUP_POLICY_FALLBACK:-true}
launcher=${VIRT_STARTUP_POLICY_LAUNCHER:-"java -jar /usr/local/lib/virt-startup-policy/virt-startup-policy.jar"}

# The hook decides prepare, restore and migrate at begin; anything else goes on untouched.
case "${2:-}:${3:-}" in
    prepare:begin|restore:begin|migrate:begin) ;;
    *) exit 0 ;;
esac

work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
cat > "$work/domain.xml" || exit 2

status=$(curl --silent --show-error --max-time 60 --unix-socket "$socket" \
    --url-query "guest=$1" --url-query "suboperation=$3" --url-query "extra=${4:--}" \
    -H 'Content-Type: application/xml' --data-binary "@$work/domain.xml" \
    --output "$work/answer" --write-out '%{http_code}' \
    "http://localhost/v1/hook/$2" 2> "$work/curl-error")
curl_exit=$?

if [ "$curl_exit" -eq 0 ]; then
    case "$status" in
        200) cat "$work/answer"; exit 0 ;;
        409) cat "$work/answer" >&2; exit 1 ;;
        *) printf 'virt-startup-policy: the decision service answered %s: ' "$status" >&2
           head -n 1 "$work/answer" >&2; exit 2 ;;
    esac
fi

# curl 7: nothing listens on the socket (no service); 28: no answer in time.
if [ "$fallback" = true ]; then
    # shellcheck disable=SC2086  # the launcher is a command line
    $launcher hook --in-process "$@" < "$work/domain.xml"
    exit $?
fi
printf 'virt-startup-policy: no decision service answers at %s (%s) and fallback is off\n' \
    "$socket" "$(head -n 1 "$work/curl-error")" >&2
exit 2
