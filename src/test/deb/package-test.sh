#!/usr/bin/env bash
# The Debian package, tested as installed (src/site/markdown/development.md, "The Debian package"):
# lintian on target/virt-startup-policy_*_all.deb; then, holding the machine's libvirt lock, the
# conformance suite's hook tests against the package apt-get installs into a real libvirtd, once
# with the decision service started by hand from the installed unit and once without, each run
# ending in a purge (the second through upgrade, remove and purge: PackageLifecycleTest); after each
# run the file system is compared with what it was before the install. Needs root on Debian; installs
# what it needs with apt. Exit status: the first failure's.
set -euo pipefail
cd "$(dirname "$0")/../../.."
lock=/tmp/virt-startup-policy-libvirt.lock

if [ "$(id -u)" -ne 0 ]; then
  echo "package test skipped: needs root"
  exit 0
fi

if [ "${1:-}" != --holding-the-lock ]; then
  # lintian checks the .deb; systemd-analyze (package systemd) verifies the units without systemd
  # running; libvirt and QEMU for the guests.
  packages=(lintian systemd curl libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils)
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi

  mvn -B -ntp -q package -DskipTests
  deb=$(ls target/virt-startup-policy_*_all.deb)
  echo "package test: $deb"
  # No error and no warning; what is overridden says why in src/deb/lintian-overrides.
  lintian --fail-on error,warning "$deb"
  # the package's changelog is for the package's version
  version=$(dpkg-deb -f "$deb" Version)
  changelog=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/doc/virt-startup-policy/changelog.Debian.gz | gzip -dc | head -n 1)
  case $changelog in
    "virt-startup-policy ($version) "*) ;;
    *) echo "package test: changelog.Debian.gz starts '$changelog', the package is $version" >&2; exit 1 ;;
  esac
  # One libvirt daemon at a time on this machine, and the package installs a hook into it.
  exec flock "$lock" "$0" --holding-the-lock
fi

if dpkg-query -W -f='${Status}' virt-startup-policy 2>/dev/null | grep -q "ok"; then
  echo "package test refused: virt-startup-policy is installed; purge it first" >&2
  exit 1
fi

# What an earlier manual install (operating.md) or test run left is set aside for the test and put
# back at the end: the package would take it for its own, and the purge would remove it. (Debian
# ships no qemu.d: an empty one was left by someone, and the package adopts and removes it.)
aside=$(mktemp -d /tmp/virt-startup-policy-package-test.XXXXXX)
leftovers="/etc/virt-startup-policy /var/cache/virt-startup-policy /var/log/virt-startup-policy /run/virt-startup-policy"
if [ -d /etc/libvirt/hooks/qemu.d ] && [ -z "$(ls -A /etc/libvirt/hooks/qemu.d)" ]; then
  leftovers="$leftovers /etc/libvirt/hooks/qemu.d"
fi
for path in $leftovers; do
  if [ -e "$path" ]; then
    mkdir -p "$aside$(dirname "$path")"
    mv "$path" "$aside$path"
  fi
done
put_back() {
  local kept=
  for path in $leftovers; do
    if [ -e "$aside$path" ]; then
      # something else made the path meanwhile: the set-aside copy stays where it is, never lost
      if [ -e "$path" ]; then kept="$kept $aside$path"; else mv "$aside$path" "$path"; fi
    fi
  done
  if [ -n "$kept" ]; then
    echo "package test: could not put back, as the paths were made again meanwhile:$kept" >&2
  else
    rm -rf "$aside"
  fi
}
trap put_back EXIT

# Every path on the machine but those that change whatever the package does: the kernel's, temporary
# files, apt's and dpkg's own records, logs of other programs, libvirt's runtime state and guests'
# files, systemd's runtime state (systemd-analyze verify marks /run/systemd/systemd-units-load
# there, with no systemd running), this checkout, other checkouts and builds under /work, and
# Maven's repository.
snapshot() {
  # a file another program removes during the walk is no failure of the package
  { find / /run -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /var/tmp \
      -o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache/apt -o -path /var/cache/debconf \
      -o -path /var/cache/man -o -path /var/log/apt -o -path /var/log/dpkg.log -o -path /var/log/alternatives.log \
      -o -path /var/log/libvirt -o -path /var/lib/libvirt -o -path /run/libvirt -o -path /run/systemd -o -path /etc/libvirt/qemu \
      -o -path /var/lib/virt-startup-policy-conformance -o -path /root/.m2 -o -path /work -o -path "$PWD" \) -prune -o -print \
      2>/dev/null || true; } | sort -u
}

# What is new after a run and owned by no package (apt may have installed dependencies), and what
# is gone: both must be nothing.
compare() {
  local after owned new gone
  after=$(mktemp) owned=$(mktemp)
  snapshot > "$after"
  cat /var/lib/dpkg/info/*.list | sort -u > "$owned"
  new=$(comm -13 "$before" "$after" | comm -23 - "$owned")
  gone=$(comm -23 "$before" "$after")
  rm -f "$after" "$owned"
  if [ -n "$new$gone" ]; then
    echo "package test: after $1 the file system is not what it was before the install:" >&2
    [ -z "$new" ] || printf '  new: %s\n' $new >&2
    [ -z "$gone" ] || printf '  gone: %s\n' $gone >&2
    return 1
  fi
  echo "package test: after $1 nothing of the package is left on the file system"
}

before=$(mktemp)
snapshot > "$before"
trap 'rm -f "$before"; put_back' EXIT

# The hook rows of the conformance table run first, libvirt alone, so that the hook tests hold the
# packaged hook to what libvirt did without it: those where libvirt calls the hook. (Reverting a
# snapshot of a shut-off guest whose top image is missing fails in qemu-img snapshot -a before any
# hook runs; the conformance suite checks that row, with the manual install.)
hook_rows='.*/cdrom-ide/requisite/raw-missing|(cold-boot|restore|revert)/disk/optional/top-missing'
tests=LibvirtConformanceTest,HookEndToEndTest,PackageLifecycleTest
record=target/conformance/hook-start-time.txt
recorded=$(cat "$record" 2>/dev/null | wc -l)
status=0
for service in unit none; do
  echo "package test: the hook tests against the installed package, decision service: $service"
  mvn -B -ntp test -Plibvirt -Dconformance.install=package -Dconformance.service="$service" \
      -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false -Dconformance.cases="$hook_rows" || status=$?
  compare "the run with decision service: $service" || status=1
done
# what the hook added to virsh start in these runs
tail -n "+$((recorded + 1))" "$record" 2>/dev/null || true
exit "$status"
