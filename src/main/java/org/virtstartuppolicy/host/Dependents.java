package org.virtstartuppolicy.host;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.virtstartuppolicy.domain.Disk;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.image.Assumptions;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.Candidate;
import org.virtstartuppolicy.image.ChainElement;
import org.virtstartuppolicy.image.DiskInspector;

/**
 * What uses an image, a folder or an export: every guest disk and every image file whose backing
 * chain passes through one of the paths (or anything under a folder among them), with the chain
 * down to where it does. A chain broken before it reaches them is listed apart, and counted as a
 * user when a file that could be its missing one (a candidate) leads there.
 *
 * @param paths  what was asked about: files, or folders written with a trailing {@code /}
 * @param guests the guest disks that use them
 * @param images the other image files (in the pools' folders and those given, no guest's disk) that use them
 * @param broken the guest disks whose chain breaks before it could be told
 */
public record Dependents(List<String> paths, List<User> guests, List<User> images, List<Broken> broken) {
    public Dependents {
        paths = List.copyOf(paths);
        guests = List.copyOf(guests);
        images = List.copyOf(images);
        broken = List.copyOf(broken);
    }

    /**
     * A user of the paths: a guest's disk ({@code guest} and {@code target}) or an image file (both
     * null), and its chain from its top down to the first element among the paths.
     */
    public record User(String guest, String target, String image, List<String> chain) {
        public User {
            chain = List.copyOf(chain);
        }
    }

    /**
     * A guest disk whose chain breaks before it reaches the paths.
     *
     * @param leadsThere the candidate for its missing file whose chain passes through the paths, or null
     */
    public record Broken(String guest, String target, String image, String missing, String referencedBy,
                         String leadsThere) {
        public boolean counted() {
            return leadsThere != null;
        }
    }

    /** Whether anything depends on the paths: a guest disk, an image, or a broken chain that would lead there. */
    public boolean anything() {
        return !guests.isEmpty() || !images.isEmpty() || broken.stream().anyMatch(Broken::counted);
    }

    /**
     * @param domains each guest's definition for its next start
     * @param images  image files to look at too (not guests' disks): the pools' and the folders given
     */
    public static Dependents of(List<String> paths, List<Domain> domains, List<String> images, DiskInspector inspector) {
        List<User> guests = new ArrayList<>();
        List<Broken> broken = new ArrayList<>();
        Set<String> guestDisks = new HashSet<>();
        for (Domain domain : domains) {
            for (Disk disk : domain.disks()) {
                BackingChain chain = inspector.inspect(disk);
                if (chain == null || chain.elements().isEmpty()) {
                    continue;
                }
                String top = chain.elements().get(0).path();
                guestDisks.add(top);
                List<String> down = downTo(paths, chain);
                if (down != null) {
                    guests.add(new User(domain.name(), disk.target(), top, down));
                } else if (chain.problem() != null && !covered(paths, chain.problem().path())) {
                    broken.add(new Broken(domain.name(), disk.target(), top, chain.problem().path(),
                            chain.problem().referencedBy(), leadsThere(paths, chain, inspector)));
                }
            }
        }
        List<User> users = new ArrayList<>();
        for (String image : images) {
            if (covered(paths, image) || guestDisks.contains(image)) {
                continue; // what is being retired uses itself; a guest's disk is listed with its guest
            }
            List<String> down = downTo(paths, inspector.inspect(image, null));
            if (down != null) {
                users.add(new User(null, null, image, down));
            }
        }
        return new Dependents(paths, guests, users, broken);
    }

    /** The chain's paths from its top to the first among {@code paths}, or null when it does not reach them. */
    private static List<String> downTo(List<String> paths, BackingChain chain) {
        List<String> down = new ArrayList<>();
        for (ChainElement element : chain.elements()) {
            down.add(element.path());
            if (covered(paths, element.path())) {
                return down;
            }
        }
        return null;
    }

    /** The first candidate for the chain's missing file that is among the paths or whose own chain reaches them. */
    private static String leadsThere(List<String> paths, BackingChain chain, DiskInspector inspector) {
        for (Candidate candidate : chain.problem().candidates()) {
            if (covered(paths, candidate.path()) || downTo(paths, inspector.inspect(candidate.path(), candidate.format())) != null) {
                return candidate.path();
            }
        }
        return null;
    }

    private static boolean covered(List<String> paths, String path) {
        return path != null && paths.stream().anyMatch(assumed -> Assumptions.covers(assumed, path));
    }
}
