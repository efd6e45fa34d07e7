package org.virtstartuppolicy.domain;

/**
 * A drive address ({@code <address type='drive'>}): where a disk on an IDE, SATA, SCSI or floppy
 * controller, or a SCSI host device, sits. Attributes not written are 0, as libvirt reads them.
 */
public record DriveAddress(int controller, int bus, int target, int unit) {

    /**
     * The address libvirt gives a disk written without one, from its bus and its target name's
     * number: 2 units on each of 2 IDE buses per controller, 6 SATA units, 7 SCSI units (a narrow
     * bus, as QEMU's driver has it) and 2 floppy units per controller; null for a bus that has no
     * drive addresses.
     */
    static DriveAddress assigned(DiskBus bus, int index) {
        if (bus == null) {
            return null;
        }
        return switch (bus) {
            case IDE -> new DriveAddress(index / 4, index % 4 / 2, 0, index % 2);
            case SATA -> new DriveAddress(index / 6, 0, 0, index % 6);
            case SCSI -> new DriveAddress(index / 7, 0, 0, index % 7);
            case FDC -> new DriveAddress(index / 2, 0, 0, index % 2);
            default -> null;
        };
    }
}
