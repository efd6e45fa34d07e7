package org.virtstartuppolicy.facts;

/**
 * What made a disk "missing" in the sense of startupPolicy: the first failure on its chain.
 *
 * @param kind         {@code missing}, {@code permission-denied}, {@code loop}, {@code too-deep},
 *                     {@code corrupt}, {@code format-not-recorded}, {@code not-an-image},
 *                     {@code pool-missing}, {@code pool-inactive} or {@code volume-missing}
 * @param path         the file that failed
 * @param referencedBy the image that refers to it, or null for the disk's own source
 * @param message      the error as libvirt reports it
 */
public record DiskProblem(DiskFact disk, String kind, String path, String referencedBy, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": " + kind + " " + path + (referencedBy == null ? "" : " (referred to by " + referencedBy + ")");
    }
}
