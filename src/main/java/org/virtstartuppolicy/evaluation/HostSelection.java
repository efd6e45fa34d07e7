package org.virtstartuppolicy.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import org.virtstartuppolicy.ToolError;

/**
 * Which host is inspected, and as whom.
 *
 * @param root   where the host's file system is mounted ({@code --root}), or null for this machine's own
 * @param asUser {@code USER[:GROUP]} to judge file access for instead of QEMU's configured account, or null
 * @param shared whether one run reads many guests' chains that share images (a whole host), so
 *               that what the host answers is kept for the rest of the run
 */
public record HostSelection(Path root, String asUser, boolean shared) {
    public static final HostSelection THIS_MACHINE = new HostSelection(null, null);

    public HostSelection(Path root, String asUser) {
        this(root, asUser, false);
    }

    /** @throws ToolError when the root is not a folder */
    public HostSelection {
        if (root != null && !Files.isDirectory(root)) {
            throw new ToolError(root + ": --root must name a folder");
        }
    }

    /** The host's file system: {@code /}, or where it is mounted. */
    public Path fileSystem() {
        return root == null ? Path.of("/") : root;
    }
}
