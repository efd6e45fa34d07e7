package org.virtstartuppolicy.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.virtstartuppolicy.ToolError;

/**
 * Changes to libvirt's definitions go through libvirt itself, with {@code virsh}: never by editing
 * {@code /etc/libvirt/qemu} behind the daemon's back. Only commands a user runs use this; the hook
 * never calls libvirt (libvirt waits on the hook).
 */
public final class Virsh {
    private static final long TIMEOUT_SECONDS = 60;

    private final String connect;

    /** @param connect libvirt's connection URI ({@code virsh --connect}), or null for virsh's default */
    public Virsh(String connect) {
        this.connect = connect;
    }

    /** The guests libvirt keeps a persistent definition of, by name. */
    public List<String> persistentGuests() {
        return run("list", "--all", "--persistent", "--name").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * The persistent definition as libvirt holds it, secrets included, so that defining it again
     * loses nothing ({@code virsh dumpxml --inactive --security-info}).
     */
    public String persistentDefinition(String guest) {
        return run("dumpxml", "--inactive", "--security-info", guest);
    }

    /** Defines the guest from a file: libvirt checks it and replaces the persistent definition. */
    public void define(Path xml) {
        run("define", xml.toString());
    }

    private String run(String... arguments) {
        List<String> command = new ArrayList<>(List.of("virsh", "--quiet"));
        if (connect != null) {
            command.addAll(List.of("--connect", connect));
        }
        command.addAll(List.of(arguments));
        String shown = "virsh " + String.join(" ", arguments);
        try {
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null")
                    .toFile())).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ToolError(shown + ": no answer from libvirt within " + TIMEOUT_SECONDS + " s");
            }
            String error = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                throw new ToolError(shown + ": " + (error.isEmpty() ? "exit status " + process.exitValue()
                        : error.lines().map(line -> line.replaceFirst("^error: ", "")).filter(l -> !l.isBlank())
                        .reduce((a, b) -> a + ": " + b).orElse(error)));
            }
            return new String(out.join(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolError(shown + ": cannot run virsh (is libvirt-clients installed?): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolError(shown + ": interrupted");
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
