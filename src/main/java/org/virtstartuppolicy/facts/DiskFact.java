package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.Device;
import org.virtstartuppolicy.domain.DiskType;

/**
 * A disk as the rules see it. Rules match the typed properties ({@code device == Device.CDROM},
 * {@code declaredPolicy == Policy.OPTIONAL}, {@code checkedFromHost}); the names are kept as
 * written in the XML, for messages and for values libvirt refuses.
 *
 * @param index         position in the domain, from 0
 * @param target        {@code <target dev>}, e.g. {@code vda}
 * @param deviceName    {@code device} as written: disk, cdrom, floppy, lun, or a value libvirt refuses
 * @param typeName      {@code type} as written: file, block, dir, volume, network, …
 * @param startupPolicy the declared startupPolicy exactly as written, or null when absent
 * @param source        the source path (pool/volume, protocol:name), or null for an empty drive
 * @param pool          the storage pool of a {@code type='volume'} disk, or null
 * @param bus           {@code <target bus>}
 * @param bootOrder     {@code <boot order>}, or null
 * @param boot          true for the disk the guest boots from: the lowest {@code <boot order>}, or
 *                      with none, the first disk of the first kind {@code <os><boot dev>} names
 *                      ({@code hd} when it names none)
 */
public record DiskFact(int index, String target, String deviceName, String typeName, String startupPolicy,
                       String source, String pool, String bus, Integer bootOrder, boolean boot) implements Described {

    /** The device, or null when libvirt does not know the value written. */
    public Device device() {
        return Device.ofLabel(deviceName);
    }

    /** The source type, or null when this tool does not know the value written. */
    public DiskType type() {
        return DiskType.ofLabel(typeName);
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

    @Override
    public String describe() {
        return "disk " + target + " (" + deviceName + ", " + typeName + ", startupPolicy "
                + (startupPolicy == null ? "absent" : startupPolicy) + ", source " + (source == null ? "none" : source)
                + (boot ? ", boots the guest" : "") + ")";
    }
}
