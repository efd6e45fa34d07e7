package org.virtstartuppolicy.facts;

/**
 * Inserted by the rules: an error that fails the start, about a disk, a USB host device, another
 * device, or the whole domain.
 *
 * @param disk   the disk it is about, or null
 * @param usb    the USB host device it is about, or null
 * @param device how the error names what it is about: the disk's target, a host device's name, or
 *               null for the whole domain
 */
public record StartError(DiskFact disk, UsbDeviceFact usb, String device, String message)
        implements AboutDisk, AboutUsb, Described {
    /** An error about a disk (or, with null, the whole domain), named by its target. */
    public StartError(DiskFact disk, String message) {
        this(disk, null, disk == null ? null : disk.target(), message);
    }

    /** An error about a device named so (a definition's refusal). */
    public StartError(DiskFact disk, String device, String message) {
        this(disk, null, device, message);
    }

    /** An error about a USB host device. */
    public StartError(DiskFact disk, UsbDeviceFact usb, String message) {
        this(disk, usb, usb != null ? usb.label() : disk == null ? null : disk.target(), message);
    }

    @Override
    public String describe() {
        return (device == null ? "domain" : device) + ": the start fails: " + message;
    }
}
