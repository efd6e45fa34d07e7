package org.virtstartuppolicy.libvirt;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.domain.DomainSource;

/**
 * The persistent guests' definitions as libvirt keeps them, read from its files
 * ({@code /etc/libvirt/qemu/NAME.xml}), never asking the daemon: for commands that look at a host,
 * which may also be a host's file system mounted elsewhere or one whose daemon is stopped.
 */
public final class PersistentDefinitions {
    private static final String FOLDER = "etc/libvirt/qemu";

    private PersistentDefinitions() {
    }

    /**
     * Each definition, by file name; one that cannot be read is an entry of {@code unreadable}, not
     * the end of the list.
     *
     * @param root the host's file system: {@code /}, or where it is mounted
     */
    public static List<DomainSource> read(Path root, int maxBytes, List<String> unreadable) {
        Path folder = root.resolve(FOLDER);
        TreeSet<Path> files = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.xml")) {
            entries.forEach(files::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ToolError("/" + FOLDER + ": cannot list libvirt's guest definitions: " + e.getMessage());
        }
        List<DomainSource> definitions = new ArrayList<>();
        for (Path file : files) {
            try {
                DomainSource read = DomainSource.read(file, null, maxBytes);
                definitions.add(new DomainSource(file, "/" + FOLDER + "/" + file.getFileName(), read.text()));
            } catch (ToolError e) {
                unreadable.add(e.getMessage());
            }
        }
        return definitions;
    }
}
