package org.virtstartuppolicy.usb;

import org.virtstartuppolicy.domain.UsbId;

/**
 * A USB device the host has, as libvirt reads it from {@code /sys/bus/usb/devices}.
 *
 * @param entry   its entry there ({@code 1-2})
 * @param bus     the bus number, from the entry's name
 * @param devnum  the device number on the bus ({@code devnum})
 * @param node    whether its device node {@code /dev/bus/usb/BBB/DDD} exists
 */
public record HostUsbDevice(String entry, int bus, int devnum, int vendor, int product, boolean node) {
    /** The device node libvirt gives QEMU. */
    public String nodePath() {
        return String.format("/dev/bus/usb/%03d/%03d", bus, devnum);
    }

    public String describe() {
        return UsbId.hex(vendor) + ":" + UsbId.hex(product) + " at bus " + bus + " device " + devnum + " (" + entry + ")";
    }
}
