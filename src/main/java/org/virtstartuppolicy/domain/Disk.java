package org.virtstartuppolicy.domain;

/**
 * One {@code <disk>} element.
 *
 * @param index       position among the domain's disks, from 0; identifies the disk even when targets repeat
 * @param type        {@code file}, {@code block}, {@code dir}, {@code volume}, {@code network}, …
 * @param device      {@code disk}, {@code cdrom}, {@code floppy} or {@code lun}
 * @param driverType  the {@code <driver type>}: the top image's format, or null (raw)
 * @param source      the {@code <source>}, or null when the element is absent
 * @param backingStore the {@code <backingStore>} chain written in the XML, or null when none is written
 */
public record Disk(int index, String type, String device, String driverType, DiskSource source,
                   DeclaredBackingStore backingStore, String target, String bus, Integer bootOrder,
                   boolean readonly, String alias) {

    /** The declared startupPolicy, exactly as written, or null. */
    public String startupPolicy() {
        return source == null ? null : source.startupPolicy();
    }

    /** True when the disk names no medium at all: nothing to check. */
    public boolean isEmpty() {
        return source == null || source.isEmpty();
    }
}
