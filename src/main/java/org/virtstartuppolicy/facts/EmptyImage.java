package org.virtstartuppolicy.facts;

/** An image of a disk's chain that holds nothing: the guest sees a disk of 0 bytes there. */
public record EmptyImage(DiskFact disk, String path) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": '" + path + "' is empty (0 bytes)";
    }
}
