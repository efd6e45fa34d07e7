#!/usr/bin/env bash
# USB host devices against the real libvirt daemon (issue 27): libvirtd runs in a private mount
# namespace whose /sys/bus/usb is a folder this script lays out (entries with idVendor, idProduct,
# devnum), so libvirt's own lookup finds none, one or two devices, or meets an entry it cannot
# parse. Each case is started (or restored) by libvirt and evaluated by the tool on the same folder
# (--root), and the verdict and libvirt's message, word for word, must agree. This machine has no
# /dev/bus/usb, so a device libvirt finds fails on its node ("Path ... is not accessible"), which
# the tool predicts too. Needs root and target/virt-startup-policy (mvn package). Prints one line
# per case and "N passed, N failed"; exits 1 on any disagreement.
set -uo pipefail
cd "$(dirname "$0")/../../.."
tool=$PWD/target/virt-startup-policy
if [ "$(id -u)" -ne 0 ]; then echo "USB conformance skipped: needs root"; exit 0; fi
if ! command -v libvirtd >/dev/null || ! command -v unshare >/dev/null; then echo "USB conformance skipped: no libvirtd or unshare"; exit 0; fi
[ -x "$tool" ] || { echo "USB conformance: build first (mvn package): no $tool" >&2; exit 2; }

if [ "${1:-}" != "--inside" ]; then
  work=$(mktemp -d /tmp/vsp-usb-conformance.XXXXXX)
  chmod 755 "$work"
  # one libvirt daemon at a time on this machine
  flock /tmp/virt-startup-policy-libvirt.lock unshare -m --propagation private "$0" --inside "$work"
  status=$?
  rm -rf "$work"
  exit $status
fi

work=$2
root=$work/root
usb=$root/sys/bus/usb
mkdir -p "$usb" "$work/busorig"
# a daemon that runs: an exited one stays a zombie until init reaps it, which here is only now and then
running() { pgrep -x -r R,S,D,T,t,I "$1" >/dev/null; }
for daemon in libvirtd virtqemud; do
  if running "$daemon"; then echo "USB conformance refused: a $daemon it did not start is running" >&2; exit 2; fi
done

# /sys/bus as a tmpfs with every real bus bound back, and our folder as its usb
mount --bind /sys/bus "$work/busorig"
mount -t tmpfs -o mode=755 tmpfs /sys/bus
for bus in "$work"/busorig/*; do name=$(basename "$bus"); mkdir "/sys/bus/$name"; mount --bind "$bus" "/sys/bus/$name"; done
umount "$work/busorig"
mkdir -p /sys/bus/usb
mount --bind "$usb" /sys/bus/usb

started_virtlogd=
if ! running virtlogd; then virtlogd -d -p "$work/virtlogd.pid"; started_virtlogd=yes; fi
libvirtd -d -p "$work/libvirtd.pid"
for _ in $(seq 200); do [ -s "$work/libvirtd.pid" ] && [ -s "$work/virtlogd.pid" -o -z "$started_virtlogd" ] && break; sleep 0.1; done
stop() { # exactly the daemons this script started, by their pids
  virsh -q destroy usbcase >/dev/null 2>&1; virsh -q undefine usbcase >/dev/null 2>&1
  local pid
  pid=$(cat "$work/libvirtd.pid" 2>/dev/null) && kill "$pid" && for _ in $(seq 100); do [ -e "/proc/$pid" ] || break; sleep 0.1; done
  [ -n "$started_virtlogd" ] && pid=$(cat "$work/virtlogd.pid" 2>/dev/null) && kill "$pid"
}
trap stop EXIT
for _ in $(seq 200); do virsh -q version >/dev/null 2>&1 && break; sleep 0.1; done

passed=0; failed=0
guest() { # POLICY VENDOR PRODUCT BUS DEVICE (empty for none)
  local pol="" ids="" addr=""
  [ -n "$1" ] && pol=" startupPolicy='$1'"
  [ -n "$2" ] && ids="<vendor id='$2'/><product id='$3'/>"
  [ -n "${4:-}" ] && addr="<address bus='$4' device='$5'/>"
  cat > "$work/guest.xml" <<XML
<domain type='qemu'>
  <name>usbcase</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <hostdev mode='subsystem' type='usb' managed='no'><source$pol>$ids$addr</source></hostdev>
    <memballoon model='none'/>
  </devices>
</domain>
XML
}
device() { # ENTRY BUS DEVNUM VENDOR PRODUCT
  mkdir -p "$usb/devices/$1"
  echo "$4" > "$usb/devices/$1/idVendor"; echo "$5" > "$usb/devices/$1/idProduct"
  echo "$3" > "$usb/devices/$1/devnum"; echo "$2" > "$usb/devices/$1/busnum"
}
# libvirt's message: the line after "error: Failed to …", without "error: "
message() { sed -n '/^error: Failed to/{n;s/^error: //;p;q}'; }
compare() { # NAME CONTEXT LIBVIRT-VERDICT LIBVIRT-MESSAGE
  local json verdict error
  json=$("$tool" evaluate --root "$root" --as-user 0:0 --context "$2" -o json "$work/guest.xml" 2>&1)
  verdict=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["verdict"])' 2>/dev/null)
  error=$(printf '%s' "$json" | python3 -c 'import json,sys; e=json.load(sys.stdin)["errors"]; print(e[0]["message"] if e else "")' 2>/dev/null)
  if [ "$verdict" = "$3" ] && [ "$error" = "$4" ]; then
    passed=$((passed + 1)); echo "ok    $1: $3${4:+: $4}"
  else
    failed=$((failed + 1)); echo "FAIL  $1: libvirt $3${4:+: $4}; the tool ${verdict:-error: $json}${error:+: $error}"
  fi
}
cold_boot() { # NAME
  local out
  virsh -q define "$work/guest.xml" >/dev/null
  if out=$(virsh -q start usbcase 2>&1); then compare "$1" cold-boot start ""
  else compare "$1" cold-boot fail "$(printf '%s\n' "$out" | message)"; fi
  virsh -q destroy usbcase >/dev/null 2>&1; virsh -q undefine usbcase >/dev/null 2>&1
}

# no devices folder at all, as on this machine
for p in "" mandatory requisite optional; do guest "$p" 0x1a86 0x7523; cold_boot "no USB bus, policy ${p:-absent}"; done
mkdir -p "$usb/devices"
for p in "" mandatory requisite optional; do guest "$p" 0x1a86 0x7523; cold_boot "no device, policy ${p:-absent}"; done
guest mandatory 0x1a86 0x7523 1 4; cold_boot "no device, ids and address, mandatory"
guest mandatory "" "" 1 4; cold_boot "no device, address alone, mandatory"
guest optional "" "" 1 4; cold_boot "no device, address alone, optional"
device usb1 1 1 1d6b 0002; device 1-2 1 4 1a86 7523; mkdir -p "$usb/devices/1-2:1.0"
guest optional 0x1a86 0x7523; cold_boot "the device there (no node), optional"
guest mandatory 6790 072443; cold_boot "the device there by decimal and octal ids (no node), mandatory"
guest optional "" "" 1 4; cold_boot "the device there by address (no node), optional"
guest mandatory 0x1a86 0x7523 1 5; cold_boot "the device at another address, mandatory"
guest optional 0x1a86 0x7523 1 5; cold_boot "the device at another address, optional"
guest mandatory 0x1a86 0x7524; cold_boot "another product, mandatory"
device 2-1 2 3 1a86 7523
guest optional 0x1a86 0x7523; cold_boot "two matching devices, optional"
guest optional 0x1a86 0x7523 2 3; cold_boot "two matching devices, the address picks one (no node)"
rm -rf "$usb/devices/2-1"; device 3-1 3 2 zzzz 7523
guest optional 0x1a86 0x7523; cold_boot "an entry libvirt cannot parse, optional"
rm -rf "$usb/devices/3-1"; device x-1 3 2 1a86 7523
guest optional 0x1a86 0x7523; cold_boot "an entry whose name is no bus, optional"
rm -rf "$usb/devices"/*

# restore: a guest saved without its device, restored with each policy while the device is missing
guest optional 0x1a86 0x7523
virsh -q define "$work/guest.xml" >/dev/null && virsh -q start usbcase >/dev/null && virsh -q save usbcase "$work/saved" >/dev/null
for p in "" mandatory requisite optional; do
  virsh -q save-image-dumpxml "$work/saved" | sed "s/ startupPolicy='optional'/${p:+ startupPolicy='$p'}/" > "$work/guest.xml"
  if out=$(virsh -q restore "$work/saved" --xml "$work/guest.xml" 2>&1); then compare "restore, no device, policy ${p:-absent}" restore start ""
  else compare "restore, no device, policy ${p:-absent}" restore fail "$(printf '%s\n' "$out" | message)"; fi
  virsh -q destroy usbcase >/dev/null 2>&1
done
virsh -q undefine usbcase >/dev/null 2>&1

echo "USB conformance: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
