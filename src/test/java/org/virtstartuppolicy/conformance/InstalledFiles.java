package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Files a test is about to install on the host, remembered as they were (content and mode, or
 * absent, and the folders that did not exist) so that {@link #putBack} leaves the host as it was.
 */
final class InstalledFiles {
    private record Before(byte[] content, Set<PosixFilePermission> mode) {
    }

    /** By file: what it held, or null when it did not exist. */
    private final Map<Path, Before> files = new LinkedHashMap<>();
    private final List<Path> newFolders = new ArrayList<>();

    /** Remembers a file, and any of its folders that do not exist yet. */
    synchronized void remember(Path file) throws IOException {
        if (files.containsKey(file)) {
            return;
        }
        files.put(file, Files.exists(file)
                ? new Before(Files.readAllBytes(file), Files.getPosixFilePermissions(file)) : null);
        for (Path folder = file.getParent(); folder != null && !Files.exists(folder); folder = folder.getParent()) {
            newFolders.add(folder);
        }
    }

    synchronized void putBack() throws IOException {
        for (Map.Entry<Path, Before> file : files.entrySet()) {
            if (file.getValue() == null) {
                Files.deleteIfExists(file.getKey());
            } else {
                Files.write(file.getKey(), file.getValue().content());
                Files.setPosixFilePermissions(file.getKey(), file.getValue().mode());
            }
        }
        files.clear();
        newFolders.sort((a, b) -> b.getNameCount() - a.getNameCount());
        for (Path folder : newFolders) {
            try {
                Files.deleteIfExists(folder);
            } catch (DirectoryNotEmptyException e) {
                // Something else was put there meanwhile: it stays, and so does its folder.
            }
        }
        newFolders.clear();
    }
}
