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
 * @param bus           {@code <target bus>}
 * @param bootOrder     {@code <boot order>}, or null
 */
public record DiskFact(int index, String target, String device, String type, String startupPolicy,
                       String source, String bus, Integer bootOrder) implements Described {
    @Override
    public String describe() {
        return "disk " + target + " (" + device + ", " + type + ", startupPolicy "
                + (startupPolicy == null ? "absent" : startupPolicy) + ", source " + (source == null ? "none" : source) + ")";
    }
}
