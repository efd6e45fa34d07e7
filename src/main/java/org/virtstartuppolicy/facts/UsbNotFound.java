package org.virtstartuppolicy.facts;

/** libvirt's lookup finds no such USB device on the host; {@code message} is libvirt's error when the policy requires it. */
public record UsbNotFound(UsbDeviceFact usb, String message) implements AboutUsb, Described {
    @Override
    public String describe() {
        return usb.label() + ": not on the host (" + message + ")";
    }
}
