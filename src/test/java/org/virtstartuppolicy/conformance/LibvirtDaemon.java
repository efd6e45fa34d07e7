package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The virtlogd and libvirtd this suite starts by hand (the machine has no systemd), each with a
 * pid file, and stops by exactly those pids. It never touches a daemon it did not start.
 */
final class LibvirtDaemon {
    private static final Duration READY = Duration.ofSeconds(60);
    /**
     * libvirtd's own default, where Debian's init script and the Debian package's postinst find the
     * daemon to reload it (the package test holds the postinst to that). One libvirtd runs at a time.
     */
    private static final Path LIBVIRTD_PID = Path.of("/run/libvirtd.pid");

    private final Path pidFolder;
    /** Our virtlogd, or null when one was already running: libvirtd then uses that one, and it is left alone. */
    private final Long virtlogd;
    private long libvirtd;

    private LibvirtDaemon(Path pidFolder, Long virtlogd, long libvirtd) {
        this.pidFolder = pidFolder;
        this.virtlogd = virtlogd;
        this.libvirtd = libvirtd;
    }

    /** Why this suite must not start its own libvirtd here, if it must not. */
    static Optional<String> refusal() {
        return running("libvirtd").or(() -> running("virtqemud"))
                .map(process -> "conformance suite refused: a " + process.info().command().orElse("libvirt daemon")
                        + " it did not start is running (pid " + process.pid() + "); stop it first, the suite never touches it");
    }

    static LibvirtDaemon start(Path pidFolder) throws IOException {
        Files.createDirectories(pidFolder);
        Long virtlogd = null;
        if (running("virtlogd").isEmpty()) {
            virtlogd = launch("virtlogd", pidFolder.resolve("virtlogd.pid"));
        }
        return new LibvirtDaemon(pidFolder, virtlogd, startLibvirtd(pidFolder));
    }

    /** libvirtd looks for hooks only when it starts. */
    void restartLibvirtd() throws IOException {
        stop(libvirtd);
        libvirtd = startLibvirtd(pidFolder);
    }

    void stop() {
        stop(libvirtd);
        if (virtlogd != null) {
            stop(virtlogd);
        }
    }

    private static long startLibvirtd(Path pidFolder) throws IOException {
        long pid = launch("libvirtd", LIBVIRTD_PID);
        Instant deadline = Instant.now().plus(READY);
        while (!HostCommand.virsh("version").succeeded()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("libvirtd (pid " + pid + ") does not answer after " + READY.toSeconds() + " s");
            }
            pause();
        }
        return pid;
    }

    /** Runs {@code DAEMON -d -p PIDFILE}, which forks into the background, and reads the daemon's pid. */
    private static long launch(String daemon, Path pidFile) throws IOException {
        Files.deleteIfExists(pidFile);
        HostCommand.run(daemon, "-d", "-p", pidFile.toString()).orThrow();
        Instant deadline = Instant.now().plus(READY);
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(daemon + " wrote no pid file " + pidFile);
            }
            pause();
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    private static Optional<ProcessHandle> running(String daemon) {
        return ProcessHandle.allProcesses().filter(LibvirtDaemon::alive)
                .filter(process -> process.info().command().map(command -> command.endsWith("/" + daemon)).orElse(false))
                .findFirst();
    }

    /** SIGTERM, then wait for it to exit (SIGKILL after a minute). */
    private static void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        Instant deadline = Instant.now().plus(READY);
        while (ProcessHandle.of(pid).filter(LibvirtDaemon::alive).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            pause();
        }
    }

    /**
     * Whether it still runs. A daemon's parent is init, which here reaps its children only now
     * and then, so an exited daemon stays a zombie for a while: that counts as gone.
     */
    private static boolean alive(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a libvirt daemon", e);
        }
    }
}
