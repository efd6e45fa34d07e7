package org.virtstartuppolicy.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.virtstartuppolicy.ToolError;

/** The domain XML files a command line names. */
final class DomainArguments {
    private DomainArguments() {
    }

    /**
     * Each argument: {@code -} (standard input), a domain XML file, or a folder (every *.xml in it,
     * by name). Checked here, before any rule is compiled: a file that is not there or cannot be
     * read, and folders with no domain XML at all (unless {@code allowEmpty}), are errors.
     */
    static List<Path> expand(List<String> arguments, boolean allowEmpty) {
        List<Path> files = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if ("-".equals(argument)) {
                files.add(null);
            } else if (Files.isDirectory(path)) {
                folders.add(argument);
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().forEach(files::add);
                } catch (AccessDeniedException e) {
                    throw new ToolError(argument + ": cannot list the folder: permission denied");
                } catch (IOException e) {
                    throw new ToolError(argument + ": cannot list the folder: " + e.getMessage());
                }
            } else if (!Files.exists(path)) {
                throw new ToolError(argument + ": no such file");
            } else if (!Files.isReadable(path)) {
                throw new ToolError(argument + ": permission denied");
            } else {
                files.add(path);
            }
        }
        if (files.isEmpty() && !allowEmpty) {
            throw new ToolError(String.join(", ", folders) + ": no domain XML (*.xml) in "
                    + (folders.size() == 1 ? "the folder" : "the folders") + " (--allow-empty accepts that)");
        }
        return files;
    }
}
