package org.virtstartuppolicy.image;

import java.nio.file.Path;
import java.util.List;

/**
 * What-if: files taken as gone ({@code --assume-missing}) or as there ({@code --assume-present})
 * without touching them. Each is a file, or a folder standing for everything under it (written
 * with a trailing {@code /}). Paths are compared as written, {@code ..} and {@code .} folded.
 */
public record Assumptions(List<String> missing, List<String> present) {
    public static final Assumptions NONE = new Assumptions(List.of(), List.of());

    public Assumptions {
        missing = List.copyOf(missing);
        present = List.copyOf(present);
    }

    public boolean isEmpty() {
        return missing.isEmpty() && present.isEmpty();
    }

    /** The missing-assumption covering {@code path}, as an option says it, or null. */
    String missingFor(String path) {
        return covering(missing, path, "--assume-missing ");
    }

    /** The present-assumption covering {@code path}, as an option says it, or null. */
    String presentFor(String path) {
        return covering(present, path, "--assume-present ");
    }

    /** Whether {@code path} is {@code assumed} or under it, when that stands for a folder. */
    public static boolean covers(String assumed, String path) {
        String normal = normal(path);
        return assumed.endsWith("/") ? (normal + "/").startsWith(assumed) : normal.equals(normal(assumed));
    }

    private static String covering(List<String> paths, String path, String option) {
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        for (String assumed : paths) {
            if (covers(assumed, path)) {
                return option + assumed;
            }
        }
        return null;
    }

    private static String normal(String path) {
        return Path.of(path).normalize().toString();
    }
}
