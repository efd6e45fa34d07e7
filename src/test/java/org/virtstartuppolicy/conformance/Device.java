package org.virtstartuppolicy.conformance;

import java.nio.file.Path;

/** The disk under test: its device, its source type and the bus it sits on. */
enum Device {
    DISK("disk", "file", "disk", "vdb", "virtio"),
    CDROM_IDE("cdrom-ide", "file", "cdrom", "hdc", "ide"),
    CDROM_SATA("cdrom-sata", "file", "cdrom", "sda", "sata"),
    FLOPPY("floppy", "file", "floppy", "fda", "fdc"),
    BLOCK("block", "block", "disk", "vdb", "virtio"),
    LUN("lun", "block", "lun", "sda", "scsi");

    final String label;
    final String type;
    final String device;
    final String target;
    final String bus;

    Device(String label, String type, String device, String target, String bus) {
        this.label = label;
        this.type = type;
        this.device = device;
        this.target = target;
        this.bus = bus;
    }

    boolean isMedium() {
        return device.equals("cdrom") || device.equals("floppy");
    }

    boolean onLoopDevice() {
        return type.equals("block");
    }

    /** A LUN passes SCSI commands through, so it holds raw data only. */
    boolean rawOnly() {
        return this == LUN;
    }

    /**
     * A LUN on a loop device passes libvirt's checks, then QEMU refuses it: scsi-block needs
     * SG_IO, which a loop device does not offer. That refusal is QEMU's, not libvirt's; any
     * other refusal by QEMU is a failed start like any other.
     */
    boolean qemuRefusalExpected(String message) {
        return this == LUN && message.contains("SG_IO");
    }

    /**
     * The disk's XML. Media are read-only (a floppy says so explicitly) so that an internal
     * snapshot skips them, as it does a cdrom. The alias {@code ua-TARGET} is what libvirt's
     * disk-change events name the disk by.
     */
    String xml(Path source, String format, Policy policy) {
        return "<disk type='" + type + "' device='" + device + "'><driver name='qemu' type='" + format + "'/>"
                + "<source " + (type.equals("block") ? "dev" : "file") + "='" + source + "'" + policy.attribute() + "/>"
                + "<target dev='" + target + "' bus='" + bus + "'/>" + (isMedium() ? "<readonly/>" : "")
                + "<alias name='ua-" + target + "'/></disk>";
    }
}
