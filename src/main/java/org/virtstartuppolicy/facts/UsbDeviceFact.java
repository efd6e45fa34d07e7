package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.UsbId;

/**
 * A USB host device as the rules see it ({@code <hostdev mode='subsystem' type='usb'>}). Site
 * rules match its ids as numbers: {@code UsbDeviceFact(vendor == 0x1a86)}.
 *
 * @param index         position among the domain's USB host devices, from 0
 * @param label         how reports name it: {@code usb 1a86:7523}, {@code usb bus 1 device 4}
 * @param vendor        the vendor id, or null when the device is named by its address alone
 * @param product       the product id, or null
 * @param bus           the address's bus, or null
 * @param device        the address's device number, or null
 * @param startupPolicy the declared startupPolicy exactly as written, or null when absent
 */
public record UsbDeviceFact(int index, String label, Integer vendor, Integer product, Integer bus, Integer device,
                            String startupPolicy) implements Described {

    /** The declared policy, or null when none is declared or the value is not one libvirt accepts. */
    public Policy declaredPolicy() {
        return Policy.ofLabel(startupPolicy);
    }

    /** The vendor id as libvirt prints it ({@code 1a86}), or null. */
    public String vendorHex() {
        return vendor == null ? null : UsbId.hex(vendor);
    }

    @Override
    public String describe() {
        return label + " (USB host device, startupPolicy " + (startupPolicy == null ? "absent" : startupPolicy) + ")";
    }
}
