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

    /** Each argument: {@code -} (standard input), a domain XML file, or a folder (every *.xml in it, by name). */
    static List<Path> expand(List<String> arguments) {
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if ("-".equals(argument)) {
                files.add(null);
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(p -> p.getFileName().toString().endsWith(".xml")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new ToolError(argument + ": cannot list: " + e.getMessage());
                }
            } else {
                files.add(path);
            }
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
