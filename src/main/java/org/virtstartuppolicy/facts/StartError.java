package org.virtstartuppolicy.facts;

/**
 * Inserted by the rules: an error that fails the start, about a disk, a USB host device, or
 * (both null) the whole domain.
 */
public record StartError(DiskFact disk, UsbDeviceFact usb, String message) implements AboutDisk, AboutUsb, Described {
    public StartError(DiskFact disk, String message) {
        this(disk, null, message);
    }

    @Override
    public String describe() {
        return (disk != null ? disk.target() : usb != null ? usb.label() : "domain") + ": the start fails: " + message;
    }
}
