package org.virtstartuppolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real qemu-img; tests that need it are skipped, saying so, where it is not installed. */
public final class QemuImg {
    private QemuImg() {
    }

    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), "qemu-img is not installed (Debian: apt-get install qemu-utils)");
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("qemu-img", "--version").redirectErrorStream(true).start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code qemu-img ARGS…}; returns its output, or throws when it fails. */
    public static String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("qemu-img " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
