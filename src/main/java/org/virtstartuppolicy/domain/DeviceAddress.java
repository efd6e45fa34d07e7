package org.virtstartuppolicy.domain;

/**
 * A device's {@code <address>} as written: its type ({@code pci}, {@code drive}, {@code usb}, …,
 * or "" when the element names none) and, for a drive address, where the drive sits.
 *

 * @param drive the drive address when {@code type} is {@code drive}, else null
 */
public record DeviceAddress(String type, DriveAddress drive) {
}
