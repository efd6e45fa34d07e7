package org.virtstartuppolicy.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the service watches, by metadata only: the config file and every rule file or folder it
 * puts in force (for a folder, each {@code *.drl} in it). Two equal stamps mean nothing was
 * edited, added, removed or replaced, so no file has to be read; a different stamp sends the
 * service to read the files and compare the digest.
 */
record RuleSources(List<String> stamps) {

    static RuleSources of(List<Path> paths) {
        List<String> stamps = new ArrayList<>();
        for (Path path : paths) {
            stamps.add(stamp(path));
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted()
                            .forEach(p -> stamps.add(stamp(p)));
                } catch (IOException e) {
                    stamps.add(path + " unlistable: " + e.getMessage());
                }
            }
        }
        return new RuleSources(List.copyOf(stamps));
    }

    /** Size, modification time (to the nanosecond where the file system keeps it) and identity, following links. */
    private static String stamp(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            Object changed = Files.getAttribute(path, "unix:ctime");
            return path + " " + attributes.size() + " " + attributes.lastModifiedTime().toInstant() + " " + changed + " "
                    + attributes.fileKey();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return path + " absent";
        }
    }
}
