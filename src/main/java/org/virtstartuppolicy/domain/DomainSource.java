package org.virtstartuppolicy.domain;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.virtstartuppolicy.ToolError;

/**
 * One domain XML to evaluate: where it came from and its text, kept whole so that the effective
 * definition can be written byte for byte. Every door reads one the same way, up to the same
 * limit ({@code limits.domainXmlBytes}).
 *
 * @param file the file, or null when it did not come from one
 * @param name what messages call it: the file, {@code <stdin>}, {@code request body}
 */
public record DomainSource(Path file, String name, String text) {

    /** The definition, parsed. */
    public Domain domain() {
        return new DomainXmlReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name);
    }

    /** A definition that arrived as bytes (a request body), refused over {@code maxBytes}. */
    public static DomainSource of(String name, byte[] bytes, int maxBytes) {
        if (bytes.length > maxBytes) {
            throw new ToolError(name + ": the domain XML is over the limit of " + maxBytes + " bytes (limits.domainXmlBytes)");
        }
        return new DomainSource(null, name, new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * @param file     the file, or null for standard input
     * @param maxBytes the largest domain XML taken ({@code limits.domainXmlBytes})
     */
    public static DomainSource read(Path file, InputStream stdin, int maxBytes) {
        if (file != null && !Files.isRegularFile(file) && Files.exists(file) && !isOpenPipe(file)) {
            // a FIFO without a writer would block the run for ever, a device never ends
            throw new ToolError(file + ": not a regular file (a FIFO, socket, device or folder);"
                    + " give - to read standard input");
        }
        try (InputStream in = file == null ? stdin : Files.newInputStream(file)) {
            DomainSource source = of(file == null ? "<stdin>" : file.toString(), in.readNBytes(maxBytes + 1), maxBytes);
            return new DomainSource(file, source.name(), source.text());
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
