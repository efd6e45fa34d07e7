package org.virtstartuppolicy.image;

/**
 * One image of a backing chain, as found.
 *
 * @param path          where it is (a resolved file path, or a network name)
 * @param format        its format: as recorded by the referring image, or probed
 * @param backingName   the backing name exactly as written in its header, or null
 * @param backingFormat the backing format recorded in its header, or null
 * @param dataFile      the external data file (qcow2), or null
 */
public record ChainElement(String path, String format, String backingName, String backingFormat,
                           String dataFile) {

    static ChainElement withoutBacking(String path, String format) {
        return new ChainElement(path, format, null, null, null);
    }
}
