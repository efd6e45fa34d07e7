package org.virtstartuppolicy.image;

/**
 * What an image header says about the files it needs, and the guest's view of its size; each
 * field null when absent.
 *
 * @param virtualSize the disk's size as the guest sees it, in bytes, or null when the header does
 *                    not say (or says more than a long holds)
 */
public record ImageHeader(String backingName, String backingFormat, String dataFile, Long virtualSize) {
    /** Nothing needed, size unknown. */
    public static final ImageHeader NONE = new ImageHeader(null, null, null, null);

    /** The files it needs, without its size: what two headers of other sizes may share. */
    public ImageHeader backingOnly() {
        return new ImageHeader(backingName, backingFormat, dataFile, null);
    }

    /** No backing file, no data file; the size as given. */
    static ImageHeader sized(long virtualSize) {
        return new ImageHeader(null, null, null, size(virtualSize));
    }

    /** An unsigned 64-bit size: null past what a long holds. */
    static Long size(long unsigned) {
        return unsigned < 0 ? null : unsigned;
    }
}
