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

    /**
     * @param file     the file, or null for standard input
     * @param maxBytes the largest domain XML taken ({@code limits.domainXmlBytes})
     */
    static DomainSource read(Path file, InputStream stdin, int maxBytes) {
        if (file != null && !Files.isRegularFile(file) && Files.exists(file) && !isOpenPipe(file)) {
            // a FIFO without a writer would block the run for ever, a device never ends
            throw new ToolError(file + ": not a regular file (a FIFO, socket, device or folder);"
                    + " give - to read standard input");
        }
        try (InputStream in = file == null ? stdin : Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ToolError((file == null ? "<stdin>" : file) + ": the domain XML is over the limit of " + maxBytes
                        + " bytes (limits.domainXmlBytes)");
            }
            return new DomainSource(file, new String(bytes, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ToolError(file + ": permission denied");
        } catch (IOException e) {
            throw new ToolError((file == null ? "<stdin>" : file) + ": cannot read: " + e.getMessage());
        }
    }

    /** A pipe the shell has open already ({@code <(virsh dumpxml guest)}): reading it never waits for a writer. */
    private static boolean isOpenPipe(Path file) {
        String name = file.toString();
        return name.startsWith("/dev/fd/") || name.startsWith("/proc/self/fd/");
    }
}
