package org.virtstartuppolicy.facts;

import java.util.Objects;
import org.virtstartuppolicy.domain.AddressType;
import org.virtstartuppolicy.domain.Device;
import org.virtstartuppolicy.domain.DiskBus;
import org.virtstartuppolicy.domain.DiskFormat;
import org.virtstartuppolicy.domain.DiskType;
import org.virtstartuppolicy.domain.DriveAddress;
import org.virtstartuppolicy.domain.TargetName;

/**
 * A disk as the rules see it. Rules match the typed properties ({@code device == Device.CDROM},
 * {@code declaredPolicy == Policy.OPTIONAL}, {@code checkedFromHost}); the names are kept as
 * written in the XML, for messages and for values libvirt refuses.
 *
 * @param index         position in the domain, from 0
 * @param target        {@code <target dev>}, e.g. {@code vda}, or null when none is written
 * @param deviceName    {@code device} as written: disk, cdrom, floppy, lun, or a value libvirt refuses
 * @param typeName      {@code type} as written: file, block, dir, volume, network, …
 * @param startupPolicy the declared startupPolicy exactly as written, or null when absent
 * @param source        the source path (pool/volume, protocol:name), or null for an empty drive
 * @param pool          the storage pool of a {@code type='volume'} disk, or null
 * @param bus           {@code <target bus>}, or the bus libvirt picks when none is written
 * @param bootOrder     {@code <boot order>} as libvirt reads it, or null when none is written or it is
 *                      not a number
 * @param boot          true for the disk the guest boots from: the lowest {@code <boot order>}, or
 *                      with none, the first disk of the first kind {@code <os><boot dev>} names
 *                      ({@code hd} when it names none)
 * @param position      place in libvirt's own list of the disks, from 0: the order in which
 *                      libvirt checks them and names them in its messages
 * @param format        {@code <driver type>} as written, or null
 * @param driverName    {@code <driver name>} as written, or null
 * @param sourcePath    the source as libvirt names it in its messages: the path of a file, block
 *                      or dir source, a network source's name; null for a volume or an empty drive
 * @param volume        the volume of a {@code type='volume'} disk, or null
 * @param protocol      the protocol of a {@code type='network'} disk, or null
 * @param readonly      whether {@code <readonly/>} is written
 * @param shareable     whether {@code <shareable/>} is written
 * @param alias         {@code <alias name>}, or null
 * @param addressTypeName {@code <address type>} as written ("" when the element names none), or
 *                      null when no address is written
 * @param driveAddress  the drive address the disk has in libvirt, written or given by libvirt
 *                      (when {@code addressTypeName} is null), or null
 * @param bootOrderName {@code <boot order>} as written, or null
 */
public record DiskFact(int index, String target, String deviceName, String typeName, String startupPolicy,
                       String source, String pool, String bus, Long bootOrder, boolean boot, int position,
                       String format, String driverName, String sourcePath, String volume, String protocol,
                       boolean readonly, boolean shareable, String alias, String addressTypeName,
                       DriveAddress driveAddress, String bootOrderName) implements Described {

    /**
     * The index alone: equal disks have equal indexes, and within a domain no two disks share one.
     * The rules join on {@code disk == $disk}, so Drools hashes and compares the disk at every join,
     * and the decision compares each conclusion's disk with it; the generated methods, over all 22
     * components, were some 7% of a batch's CPU (with {@link org.virtstartuppolicy.domain.Disk}'s).
     */
    @Override
    public int hashCode() {
        return index;
    }

    /** Component by component, as a record's; the index first, which tells a domain's disks apart. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof DiskFact d && index == d.index && position == d.position
                && boot == d.boot && readonly == d.readonly && shareable == d.shareable
                && Objects.equals(target, d.target) && Objects.equals(deviceName, d.deviceName)
                && Objects.equals(typeName, d.typeName) && Objects.equals(startupPolicy, d.startupPolicy)
                && Objects.equals(source, d.source) && Objects.equals(pool, d.pool) && Objects.equals(bus, d.bus)
                && Objects.equals(bootOrder, d.bootOrder) && Objects.equals(format, d.format)
                && Objects.equals(driverName, d.driverName) && Objects.equals(sourcePath, d.sourcePath)
                && Objects.equals(volume, d.volume) && Objects.equals(protocol, d.protocol)
                && Objects.equals(alias, d.alias) && Objects.equals(addressTypeName, d.addressTypeName)
                && Objects.equals(driveAddress, d.driveAddress) && Objects.equals(bootOrderName, d.bootOrderName);
    }

    /** The device, or null when libvirt does not know the value written. */
    public Device device() {
        return Device.ofLabel(deviceName);
    }

    /** The source type, or null when this tool does not know the value written. */
    public DiskType type() {
        return DiskType.ofLabel(typeName);
    }

    /** The bus, or null when libvirt does not know the value written. */
    public DiskBus diskBus() {
        return DiskBus.ofLabel(bus);
    }

    /** The address type, or null when no address is written or libvirt does not know the type written. */
    public AddressType addressType() {
        return AddressType.ofLabel(addressTypeName);
    }

    /** The format, or null when none is written or libvirt does not know the value written. */
    public DiskFormat diskFormat() {
        return DiskFormat.ofLabel(format);
    }

    /**
     * The format QEMU's driver takes the disk in: the one written, raw when none is written
     * (qemuDomainDeviceDiskDefPostParse), none for a volume written without one; null too for a
     * format libvirt does not know.
     */
    public DiskFormat libvirtFormat() {
        return format != null ? diskFormat() : type() == DiskType.VOLUME ? null : DiskFormat.RAW;
    }

    /** The declared policy, or null when none is declared or the value is not one libvirt accepts. */
    public Policy declaredPolicy() {
        return Policy.ofLabel(startupPolicy);
    }

    /** A cdrom or floppy: its medium is ejected when dropped, the drive kept. */
    public boolean removable() {
        Device device = device();
        return device != null && device.isRemovable();
    }

    /** Whether libvirt checks this disk's source from the host (file, block, dir, volume). */
    public boolean checkedFromHost() {
        DiskType type = type();
        return type != null && type.isCheckedFromHost();
    }

    /** The target name's number ({@code vda} 0, {@code vdb} 1), or null when libvirt cannot number it. */
    public Integer targetIndex() {
        return target == null ? null : new TargetName(target).index();
    }

    /** The partition the target name ends with (0 for none), or null when QEMU's driver cannot read the name. */
    public Integer targetPartition() {
        return target == null ? null : new TargetName(target).partition();
    }

    @Override
    public String describe() {
        return "disk " + target + " (" + deviceName + ", " + typeName + ", startupPolicy "
                + (startupPolicy == null ? "absent" : startupPolicy) + ", source " + (source == null ? "none" : source)
                + (boot ? ", boots the guest" : "") + ")";
    }
}
