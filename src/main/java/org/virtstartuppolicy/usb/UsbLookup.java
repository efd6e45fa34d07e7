package org.virtstartuppolicy.usb;

import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.domain.UsbDevice;
import org.virtstartuppolicy.domain.UsbId;

/**
 * libvirt 9.0's lookup of a USB host device ({@code src/hypervisor/virhostdev.c}
 * {@code virHostdevFindUSBDevice}, {@code src/util/virusb.c}): by vendor and product, by bus and
 * device, or by both, over the host's inventory in the order libvirt scans it. It decides no
 * policy: a device not found is reported with libvirt's message, and the rules decide what the
 * start does about it. A pure function.
 */
public final class UsbLookup {
    private UsbLookup() {
    }

    public static UsbFinding find(UsbDevice wanted, UsbInventory host) {
        if (host.unreadable() != null) {
            return UsbFinding.error(host.unreadable());
        }
        // a lookup by address stops at its device; one by vendor alone reads every entry
        boolean stopsAtMatch = wanted.byAddress();
        List<HostUsbDevice> matches = new ArrayList<>();
        for (UsbInventory.Entry entry : host.entries()) {
            if (entry.error() != null) {
                return UsbFinding.error(entry.error());
            }
            if (matches(wanted, entry.device())) {
                matches.add(entry.device());
                if (stopsAtMatch) {
                    break;
                }
            }
        }
        if (matches.isEmpty()) {
            return UsbFinding.notFound("internal error: Did not find USB device " + named(wanted));
        }
        if (matches.size() > 1) {
            return UsbFinding.error("operation failed: Multiple USB devices for " + Integer.toHexString(wanted.vendor())
                    + ":" + Integer.toHexString(wanted.product()) + ", use <address> to specify one");
        }
        HostUsbDevice device = matches.get(0);
        if (!device.node()) {
            // libvirt makes the node in QEMU's own /dev before anything else uses it
            return UsbFinding.error("Path '" + device.nodePath() + "' is not accessible: No such file or directory");
        }
        return UsbFinding.found(device);
    }

    private static boolean matches(UsbDevice wanted, HostUsbDevice device) {
        return (!wanted.byVendor() || wanted.vendor() == device.vendor() && wanted.product() == device.product())
                && (!wanted.byAddress() || wanted.bus() == device.bus() && wanted.device() == device.devnum());
    }

    /** As libvirt's not-found messages name it: {@code 1a86:7523}, {@code bus:1 device:4}, or both. */
    private static String named(UsbDevice wanted) {
        String ids = wanted.byVendor() ? UsbId.hex(wanted.vendor()) + ":" + UsbId.hex(wanted.product()) : "";
        String address = wanted.byAddress() ? "bus:" + Integer.toUnsignedString(wanted.bus()) + " device:"
                + Integer.toUnsignedString(wanted.device()) : "";
        return ids.isEmpty() ? address : address.isEmpty() ? ids : ids + " " + address;
    }
}
