package org.virtstartuppolicy.usb;

/**
 * What libvirt's lookup of one USB host device finds on the host.
 *
 * @param kind    found, not found (the policy decides), or an error (the start fails whatever the policy)
 * @param device  the host's device when found, else null
 * @param message libvirt's message when not found or in error, else null
 */
public record UsbFinding(Kind kind, HostUsbDevice device, String message) {
    public enum Kind {
        FOUND,
        NOT_FOUND,
        ERROR
    }

    static UsbFinding found(HostUsbDevice device) {
        return new UsbFinding(Kind.FOUND, device, null);
    }

    static UsbFinding notFound(String message) {
        return new UsbFinding(Kind.NOT_FOUND, null, message);
    }

    static UsbFinding error(String message) {
        return new UsbFinding(Kind.ERROR, null, message);
    }
}
