package org.virtstartuppolicy.facts;

/**
 * A disk whose chain has a FIFO where libvirt opens an image: libvirt would block reading it, and
 * libvirtd with it for every client, until something opens it for writing. No policy applies:
 * the start is refused.
 *
 * @param path    the FIFO
 * @param message what libvirt would do, naming the file
 */
public record BlockingFile(DiskFact disk, String path, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": " + path + " would block libvirt";
    }
}
