package org.virtstartuppolicy.facts;

/**
 * libvirt's lookup of the USB device fails outright, whatever the policy: the host's USB folder
 * cannot be read, an entry of it cannot be parsed, several devices match, or the one found has
 * no device node. {@code message} is libvirt's error.
 */
public record UsbLookupFailed(UsbDeviceFact usb, String message) implements AboutUsb, Described {
    @Override
    public String describe() {
        return usb.label() + ": libvirt's lookup fails (" + message + ")";
    }
}
