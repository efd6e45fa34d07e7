package org.virtstartuppolicy.image;

/** What an image header says about the files it needs; each field null when absent. */
public record ImageHeader(String backingName, String backingFormat, String dataFile) {
    public static final ImageHeader NONE = new ImageHeader(null, null, null);
}
