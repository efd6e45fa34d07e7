package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.image.ProblemKind;

/**
 * What made a disk "missing" in the sense of startupPolicy: the first failure on its chain.
 *
 * @param kind         what went wrong: {@code ProblemKind.MISSING}, {@code PERMISSION_DENIED}, …
 * @param path         the file that failed
 * @param referencedBy the image that refers to it, or null for the disk's own source
 * @param message      the error as libvirt reports it
 */
public record DiskProblem(DiskFact disk, ProblemKind kind, String path, String referencedBy, String message) implements AboutDisk, Described {
    @Override
    public String describe() {
        return disk.target() + ": " + kind + " " + path + (referencedBy == null ? "" : " (referred to by " + referencedBy + ")");
    }
}
