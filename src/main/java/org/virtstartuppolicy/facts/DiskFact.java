package org.virtstartuppolicy.facts;

/**
 * A disk as the rules see it, in libvirt's own words.
 *
 * @param index         position in the domain, from 0
 * @param target        {@code <target dev>}, e.g. {@code vda}
 * @param device        {@code disk}, {@code cdrom}, {@code floppy} or {@code lun}
 * @param type          {@code file}, {@code block}, {@code dir}, {@code volume}, {@code network}, …
 * @param startupPolicy the declared startupPolicy exactly as written, or null when absent
 * @param source        the source path (pool/volume, protocol:name), or null for an empty drive
 * @param pool          the storage pool of a {@code type='volume'} disk, or null
 * @param bus           {@code <target bus>}
 * @param bootOrder     {@code <boot order>}, or null
 * @param boot          true for the disk the guest boots from: the lowest {@code <boot order>}, or
 *                      with none, the first disk of the first kind {@code <os><boot dev>} names
 *                      ({@code hd} when it names none)
 */
public record DiskFact(int index, String target, String device, String type, String startupPolicy,
                       String source, String pool, String bus, Integer bootOrder, boolean boot) implements Described {
    @Override
    public String describe() {
        return "disk " + target + " (" + device + ", " + type + ", startupPolicy "
                + (startupPolicy == null ? "absent" : startupPolicy) + ", source " + (source == null ? "none" : source)
                + (boot ? ", boots the guest" : "") + ")";
    }
}
