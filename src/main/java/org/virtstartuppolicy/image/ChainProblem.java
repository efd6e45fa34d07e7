package org.virtstartuppolicy.image;

import java.util.List;

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
 * @param assumption   the what-if assumption that made it ({@code --assume-missing /mnt/templates/}),
 *                     or null for the host as it is
 * @param candidates   where a missing file may have gone: files that could be it, or empty
 */
public record ChainProblem(ProblemKind kind, String path, String referencedBy, AccessError errno, String format,
                           String message, String assumption, List<Candidate> candidates) {
    public ChainProblem {
        candidates = List.copyOf(candidates);
    }

    public ChainProblem(ProblemKind kind, String path, String referencedBy, AccessError errno, String format,
                        String message) {
        this(kind, path, referencedBy, errno, format, message, null, List.of());
    }

    /** The same problem, as the assumption made it. */
    ChainProblem assumedBy(String made) {
        return made == null ? this : new ChainProblem(kind, path, referencedBy, errno, format, message, made, candidates);
    }

    /** The same problem, with the files that could be the missing one. */
    public ChainProblem withCandidates(List<Candidate> found) {
        return new ChainProblem(kind, path, referencedBy, errno, format, message, assumption, found);
    }
}
