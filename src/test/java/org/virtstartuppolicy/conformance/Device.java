package org.virtstartuppolicy.conformance;

import java.nio.file.Path;

/** The disk under test: its device, its source type and the bus it sits on. */
enum Device {
    DISK("disk", "file", "disk", "vdb", "virtio"),
    CDROM_IDE("cdrom-ide", "file", "cdrom", "hdc", "ide"),
    CDROM_SATA("cdrom-sata", "file", "cdrom", "sda", "sata"),
    FLOPPY("floppy", "file", "floppy", "fda", "fdc"),
    BLOCK("block", "block", "disk", "vdb", "virtio"),
    LUN("lun", "block", "lun", "sda", "scsi"),
    /** a volume of a dir pool of its own, defined and started with virsh: the pool is named after the guest */
    VOLUME("volume", "volume", "disk", "vdb", "virtio");

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

    /** A volume's pool: the folder its top image is in, which is named after the guest. */
    static String pool(Path top) {
        return top.getParent().getFileName().toString();
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
        String where = switch (type) {
            case "volume" -> "pool='" + pool(source) + "' volume='" + source.getFileName() + "'";
            case "block" -> "dev='" + source + "'";
            default -> "file='" + source + "'";
        };
        return "<disk type='" + type + "' device='" + device + "'><driver name='qemu' type='" + format + "'/>"
                + "<source " + where + policy.attribute() + "/>"
                + "<target dev='" + target + "' bus='" + bus + "'/>" + (isMedium() ? "<readonly/>" : "")
                + "<alias name='ua-" + target + "'/></disk>";
    }
}
