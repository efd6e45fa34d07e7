package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The decision service started by hand from the installed systemd unit, on a host where systemd
 * does not run: the unit's {@code ExecStart} with its {@code Environment} and {@code UMask}, in a
 * clean environment, then its readiness check ({@code ExecStartPost}), in the background, its output in a file (the journal's stand-in). Without
 * systemd's listening socket on standard input, serve binds the socket itself where the config
 * says; {@link #start} checks that this is the socket the .socket unit describes (path, mode, and
 * its folder's mode), so that the hook meets the service as it would under systemd.
 */
final class UnitService implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(90);
    /** systemd's PATH for system services. */
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin";

    private final Process process;
    private final Path output;

    private UnitService(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static UnitService start(Path service, Path socketUnit, Path output) throws IOException {
        List<String> unit = Files.readAllLines(service);
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + value(unit, "UMask") + " && exec \"$@\"", "sh"));
        command.addAll(List.of(value(unit, "ExecStart").split(" +")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(Path.of("/dev/null").toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", PATH);
        for (String line : unit) {
            if (line.startsWith("Environment=")) {
                String assignment = line.substring("Environment=".length());
                if (assignment.contains("\"") || assignment.contains(" ")) {
                    throw new IllegalStateException(service + ": this stand-in for systemd takes no quoted or several assignments: " + line);
                }
                builder.environment().put(assignment.substring(0, assignment.indexOf('=')), assignment.substring(assignment.indexOf('=') + 1));
            }
        }
        UnitService started = new UnitService(builder.start(), output);
        List<String> socketUnitLines = Files.readAllLines(socketUnit);
        Path socket = Path.of(value(socketUnitLines, "ListenStream"));
        started.awaitAnswerOn(socket);
        started.ready(value(unit, "ExecStartPost"));
        assertMode(socket, value(socketUnitLines, "SocketMode"));
        assertMode(socket.getParent(), value(socketUnitLines, "DirectoryMode"));
        return started;
    }

    /** The one value of KEY=VALUE in a unit file. */
    private static String value(List<String> unit, String key) {
        List<String> values = unit.stream().filter(line -> line.startsWith(key + "=")).map(line -> line.substring(key.length() + 1))
                .toList();
        if (values.size() != 1) {
            throw new IllegalStateException("the unit has " + values.size() + " " + key + "= lines, not one");
        }
        return values.get(0);
    }

    private void awaitAnswerOn(Path socket) throws IOException {
        Instant deadline = Instant.now().plus(READY);
        while (!HostCommand.run("curl", "--silent", "--fail", "--max-time", "5", "--unix-socket", socket.toString(),
                "http://localhost/v1/health").succeeded()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException("the service from the unit does not answer on " + socket + ": "
                        + Files.readString(output).strip());
            }
            pause();
        }
    }

    /** The unit's readiness check ({@code ExecStartPost}), run as systemd would before it calls the service started. */
    private void ready(String check) {
        HostCommand run = HostCommand.run(Duration.ofSeconds(90), List.of(check.split(" +")));
        if (!run.succeeded()) {
            close();
            throw new IllegalStateException("the unit's readiness check failed (" + run.exitCode() + "): " + run.err().strip());
        }
    }

    private static void assertMode(Path path, String octal) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
        int bits = 0;
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            // OWNER_READ is first and OTHERS_EXECUTE last: bit 8 down to bit 0
            bits |= mode.contains(permission) ? 1 << (8 - permission.ordinal()) : 0;
        }
        if (bits != Integer.parseInt(octal, 8)) {
            throw new IllegalStateException(path + " is " + Integer.toOctalString(bits) + ", the socket unit says " + octal);
        }
    }

    /** What the service logged (the journal's stand-in). */
    String log() throws IOException {
        return Files.readString(output);
    }

    /** SIGTERM, as systemctl stop sends, and the wait for it to end. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the service", e);
        }
    }
}
