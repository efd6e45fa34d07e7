#!/usr/bin/env bash
# The conformance suite against a real libvirt daemon: installs what it needs (Debian), builds
# the jar (the hook test installs it), and runs the Maven profile "libvirt", whose exit code this
# script returns. Needs root: it starts libvirtd and virtlogd itself and stops them at the end.
set -euo pipefail
cd "$(dirname "$0")/../../.."

if [ "$(id -u)" -ne 0 ]; then
  echo "conformance suite skipped: needs root"
  exit 0
fi

packages=(libvirt-daemon-system libvirt-clients qemu-system-x86 qemu-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "conformance suite skipped: no apt-get to install ${missing[*]}"
    exit 0
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

mvn -B -ntp -q package -DskipTests
# One libvirt daemon at a time on this machine: a second run (another checkout) waits its turn.
exec flock /tmp/virt-startup-policy-libvirt.lock mvn -B -ntp test -Plibvirt "$@"
