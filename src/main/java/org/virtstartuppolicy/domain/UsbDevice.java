package org.virtstartuppolicy.domain;

/**
 * One {@code <hostdev mode='subsystem' type='usb'>}: a USB device passed through from the host,
 * found by vendor and product, by bus and device number, or by both.
 *
 * @param index         position among the domain's USB host devices, from 0
 * @param vendor        {@code <vendor id>}, or null
 * @param product       {@code <product id>}, or null
 * @param bus           {@code <address bus>}, or null
 * @param device        {@code <address device>}, or null
 * @param startupPolicy the declared startupPolicy exactly as written, or null
 * @param alias         {@code <alias name>}, or null
 */
public record UsbDevice(int index, Integer vendor, Integer product, Integer bus, Integer device, String startupPolicy,
                        String alias) {

    /** Whether libvirt looks the device up by vendor and product (else by bus and device alone). */
    public boolean byVendor() {
        return vendor != null;
    }

    /** Whether the definition names the device's bus and device number. */
    public boolean byAddress() {
        return bus != null && device != null;
    }

    /** How an operator names it: {@code usb 1a86:7523}, {@code usb bus 1 device 4}, or both. */
    public String label() {
        StringBuilder label = new StringBuilder("usb");
        if (byVendor()) {
            label.append(' ').append(UsbId.hex(vendor)).append(':').append(UsbId.hex(product));
        }
        if (byAddress()) {
            label.append(" bus ").append(bus).append(" device ").append(device);
        }
        return label.toString();
    }
}
