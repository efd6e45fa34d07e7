package org.virtstartuppolicy.image;

/**
 * One image of a backing chain, as found.
 *
 * @param path          where it is (a file path, or a network name)
 * @param format        its format: as recorded by the referring image, or probed; null when unknown or
 *                      when the file is not there (what the referrer expects is its backingFormat)
 * @param backingName   the backing name exactly as written in its header, or null
 * @param backingPath   that name resolved as libvirt resolves it, or null
 * @param backingFormat the backing format recorded in its header, or null
 * @param dataFile      the external data file (qcow2), resolved, or null
 * @param present       false for the element QEMU's user cannot open, which ends the chain
 * @param virtualSize   the disk's size as the guest sees it, from the header, or null when not read
 */
public record ChainElement(String path, String format, String backingName, String backingPath,
                           String backingFormat, String dataFile, boolean present, Long virtualSize) {

    static ChainElement withoutBacking(String path, String format) {
        return new ChainElement(path, format, null, null, null, null, true, null);
    }

    /** A raw image: no backing file, as large as its file ({@code size}, null when not a regular file). */
    static ChainElement raw(String path, Long size) {
        return new ChainElement(path, ImageFormat.RAW.name(), null, null, null, null, true, size);
    }

    static ChainElement absent(String path) {
        return new ChainElement(path, null, null, null, null, null, false, null);
    }
}
