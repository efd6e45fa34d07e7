package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command run on the host to its end, with its exit code and what it printed. */
record HostCommand(List<String> command, int exitCode, String out, String err) {
    private static final long TIMEOUT_SECONDS = 120;

    static HostCommand run(String... command) {
        return run(List.of(command));
    }

    /** virsh on the system daemon, the one the suite started. */
    static HostCommand virsh(String... arguments) {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", "qemu:///system"));
        command.addAll(List.of(arguments));
        return run(command);
    }

    static HostCommand run(List<String> command) {
        return run(Duration.ofSeconds(TIMEOUT_SECONDS), command);
    }

    /** For commands that may take longer than most, such as apt-get installing a package. */
    static HostCommand run(Duration timeout, List<String> command) {
        Path errFile = null;
        try {
            // Standard error goes to a file so that neither stream can fill its pipe and stall the command.
            errFile = Files.createTempFile("vsp-conformance", ".err");
            Process process = new ProcessBuilder(command).redirectError(errFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + ": no answer after " + timeout.toSeconds() + " s");
            }
            return new HostCommand(command, process.exitValue(), out, Files.readString(errFile));
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(String.join(" ", command) + ": interrupted", e);
        } finally {
            if (errFile != null) {
                errFile.toFile().delete();
            }
        }
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    /** This command, or an exception saying how it failed: for steps that must work for a case to mean anything. */
    HostCommand orThrow() {
        if (!succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + exitCode + "): " + err.strip());
        }
        return this;
    }

    /**
     * libvirt's message for a failed operation: virsh prints {@code error: Failed to start domain …}
     * and then {@code error: MESSAGE}, whose text (with any lines that continue it, as QEMU's
     * messages do) this returns.
     */
    String libvirtError() {
        List<String> lines = err.strip().lines().toList();
        int failed = 0;
        while (failed < lines.size() && !lines.get(failed).startsWith("error: Failed to")) {
            failed++;
        }
        int first = failed < lines.size() - 1 ? failed + 1 : 0;
        StringBuilder message = new StringBuilder(lines.isEmpty() ? "" : lines.get(first).replaceFirst("^error: ", ""));
        for (int i = first + 1; i < lines.size() && !lines.get(i).startsWith("error: "); i++) {
            message.append('\n').append(lines.get(i));
        }
        return message.toString();
    }
}
