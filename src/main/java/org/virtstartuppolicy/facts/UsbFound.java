package org.virtstartuppolicy.facts;

/** libvirt's lookup finds the USB device on the host, its node there: the guest gets it. */
public record UsbFound(UsbDeviceFact usb, int bus, int device, String entry) implements AboutUsb, Described {
    @Override
    public String describe() {
        return usb.label() + ": found at bus " + bus + " device " + device + " (" + entry + ")";
    }
}
