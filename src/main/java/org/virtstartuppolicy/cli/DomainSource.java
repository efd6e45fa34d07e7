package org.virtstartuppolicy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.virtstartuppolicy.ToolError;

/**
 * One domain XML to evaluate: where it came from (a file, or null for standard input) and its
 * text, kept whole so that the effective definition can be written byte for byte.
 */
record DomainSource(Path file, String text) {

    String name() {
        return file == null ? "<stdin>" : file.toString();
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

    /** @param file the file, or null for standard input */
    static DomainSource read(Path file, InputStream stdin) {
        try {
            byte[] bytes = file == null ? stdin.readAllBytes() : Files.readAllBytes(file);
            return new DomainSource(file, new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ToolError(file + ": permission denied");
        } catch (IOException e) {
            throw new ToolError((file == null ? "<stdin>" : file) + ": cannot read: " + e.getMessage());
        }
    }
}
