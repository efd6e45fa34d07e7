package org.virtstartuppolicy.domain;

/**
 * One {@code <disk>} element, as written.
 *
 * @param index       position among the domain's disks, from 0; identifies the disk even when targets repeat
 * @param type        {@code file}, {@code block}, {@code dir}, {@code volume}, {@code network}, …
 * @param device      {@code disk}, {@code cdrom}, {@code floppy} or {@code lun}
 * @param driverType  the {@code <driver type>}: the top image's format, or null (raw)
 * @param driverName  the {@code <driver name>}, or null
 * @param source      the {@code <source>}, or null when the element is absent
 * @param backingStore the {@code <backingStore>} chain written in the XML, or null when none is written
 * @param target      the {@code <target dev>}, or null
 * @param bus         the {@code <target bus>}, or null when none is written
 * @param address     the {@code <address>}, or null when none is written
 * @param bootOrder   the {@code <boot order>} as written, or null
 * @param shareable   whether {@code <shareable/>} is written
 */
public record Disk(int index, String type, String device, String driverType, String driverName, DiskSource source,
                   DeclaredBackingStore backingStore, String target, String bus, DeviceAddress address,
                   String bootOrder, boolean readonly, boolean shareable, String alias) {

    /**
     * The index alone: equal disks have equal indexes, and within a domain no two disks share one.
     * Each evaluation keys its chains by disk; the generated hash walks the source, the declared
     * backing chain and the address on every lookup.
     */
    @Override
    public int hashCode() {
        return index;
    }

    /** The boot order as libvirt reads it, or null when none is written or it is not a number. */
    public Long bootIndex() {
        return LibvirtNumber.unsignedInt(bootOrder);
    }

    /** The declared startupPolicy, exactly as written, or null. */
    public String startupPolicy() {
        return source == null ? null : source.startupPolicy();
    }

    /** True when the disk names no medium at all: nothing to check. */
    public boolean isEmpty() {
        return source == null || source.isEmpty();
    }

    /** The bus libvirt puts the disk on: the one written, else the one it picks from the device and the target name. */
    public String libvirtBus() {
        return bus != null ? bus : DiskBus.defaultFor(device, target).label();
    }

    /**
     * The drive address the disk has in libvirt: the one written, or, when no address is written,
     * the one libvirt gives it from its bus and its target name's number; null for a disk with
     * an address of another type, on a bus without drive addresses, or whose name has no number.
     */
    public DriveAddress driveAddress() {
        if (address != null) {
            return address.drive();
        }
        Integer number = target == null ? null : new TargetName(target).index();
        return number == null ? null : DriveAddress.assigned(DiskBus.ofLabel(libvirtBus()), number);
    }
}
