package org.virtstartuppolicy.image;

/**
 * The first failure found on a chain.
 *
 * @param path         the file that failed
 * @param referencedBy the image whose header (or the XML) refers to it; null for the top image
 * @param message      the error as libvirt words it
 */
public record ChainProblem(ProblemKind kind, String path, String referencedBy, String message) {
}
