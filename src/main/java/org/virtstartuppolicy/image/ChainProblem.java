package org.virtstartuppolicy.image;

/**
 * The first failure found on a chain, typed, with libvirt's message for it. Problems are made by
 * {@link LibvirtMessages}, the one place that words them.
 *
 * @param kind         what went wrong, as the rules see it
 * @param path         the file that failed
 * @param referencedBy the image whose header (or the XML) refers to it; null for the top image
 * @param errno        why libvirt's access check failed, or null when the failure is not one of access
 * @param format       the format the file was expected or found to be, or null when unknown
 * @param message      the error as libvirt words it
 */
public record ChainProblem(ProblemKind kind, String path, String referencedBy, AccessError errno, String format,
                           String message) {
}
