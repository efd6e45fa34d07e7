package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Owns the machine for the run: the daemons, the event listener, /dev/kvm and a scratch folder
 * QEMU's account can reach. One is shared by every test class of the run (through
 * {@link Extension}) and closed once at its end, or by a shutdown hook when the run is
 * interrupted: every guest it defined is destroyed and undefined, what the tests installed is
 * put back, exactly the daemons it started are stopped, and the scratch folder is removed.
 */
final class ConformanceHost implements ExtensionContext.Store.CloseableResource {
    private static final Path SCRATCH = Path.of("/var/lib/virt-startup-policy-conformance");
    private static final Path HOOKS = Path.of("/etc/libvirt/hooks");

    private final Thread shutdownHook = new Thread(this::close, "conformance clean-up");
    /** What to put back at the end, last first. */
    private final Deque<PutBack> putBacks = new ArrayDeque<>();
    private KvmDevice kvm;
    private LibvirtDaemon daemon;
    private DiskEvents events;
    private boolean closed;

    /** Something to undo at the end. */
    interface PutBack {
        void run() throws IOException;
    }

    /**
     * Makes the one host of the run available to test methods as a parameter. It is set up
     * before a test class starts, so that a refusal skips the class rather than failing it.
     */
    static final class Extension implements BeforeAllCallback, ParameterResolver {
        @Override
        public void beforeAll(ExtensionContext context) {
            host(context);
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == ConformanceHost.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return host(context);
        }

        private static ConformanceHost host(ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(ConformanceHost.class, key -> start(), ConformanceHost.class);
        }
    }

    private static ConformanceHost start() {
        Optional<String> refusal = refusal();
        if (refusal.isPresent()) {
            System.err.println(refusal.get());
            Assumptions.abort(refusal.get());
        }
        ConformanceHost host = new ConformanceHost();
        Runtime.getRuntime().addShutdownHook(host.shutdownHook);
        try {
            host.kvm = KvmDevice.setForRun();
            GuestImages.detachLoopDevicesUnder(SCRATCH);
            deleteTree(SCRATCH);
            Files.createDirectories(SCRATCH);
            // QEMU's account must reach every case's images, whatever the umask.
            Files.setPosixFilePermissions(SCRATCH, PosixFilePermissions.fromString("rwxr-xr-x"));
            host.daemon = LibvirtDaemon.start(SCRATCH.resolve("daemons"));
            host.removeGuests();
            host.events = host.listen();
            return host;
        } catch (IOException | RuntimeException e) {
            host.close();
            throw new IllegalStateException("could not set up the conformance host: " + e.getMessage(), e);
        }
    }

    /** Why the suite must not run here, in one line, if it must not. */
    private static Optional<String> refusal() {
        if (!HostCommand.run("id", "-u").out().strip().equals("0")) {
            return Optional.of("conformance suite skipped: needs root");
        }
        Optional<String> daemonRefusal = LibvirtDaemon.refusal();
        if (daemonRefusal.isPresent()) {
            return daemonRefusal;
        }
        // A hook would decide before libvirt does, so libvirt alone would not be what is compared.
        try (Stream<Path> hooks = Files.exists(HOOKS) ? Files.walk(HOOKS) : Stream.empty()) {
            return hooks.filter(Files::isRegularFile).filter(hook -> hook.toString().startsWith(HOOKS + "/qemu")).findFirst()
                    .map(hook -> "conformance suite refused: a QEMU hook is installed (" + hook
                            + "); move it away first, libvirt alone must decide");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path scratch() {
        return SCRATCH;
    }

    DiskEvents events() {
        return events;
    }

    /** libvirtd finds hooks only when it starts; the listener is connected again. */
    synchronized void restartLibvirtd() throws IOException {
        events.close();
        daemon.restartLibvirtd();
        events = listen();
    }

    /**
     * A new event listener, without restarting libvirtd: the cases that follow hear only their own
     * events, as they do after {@link #restartLibvirtd} (the hook cases reuse the plain cases' guest names).
     */
    synchronized void listenAgain() throws IOException {
        events.close();
        events = listen();
    }

    /** Registers something to undo at the end of the run, also when it is interrupted. */
    synchronized void putBackAtEnd(PutBack putBack) {
        putBacks.push(putBack);
    }

    /** The guest, and the storage pool of the same name a volume case defines. */
    void removeGuest(String guest) {
        HostCommand.virsh("destroy", guest);
        HostCommand.virsh("undefine", "--snapshots-metadata", "--managed-save", guest);
        HostCommand.virsh("pool-destroy", guest);
        HostCommand.virsh("pool-undefine", guest);
    }

    /** Every guest of this suite, including those an interrupted run left behind. */
    private void removeGuests() {
        for (String list : List.of("list", "pool-list")) {
            HostCommand.virsh(list, "--all", "--name").out().lines().map(String::strip)
                    .filter(name -> name.startsWith(ConformanceCase.GUEST_PREFIX)).forEach(this::removeGuest);
        }
    }

    private DiskEvents listen() throws IOException {
        String probe = ConformanceCase.GUEST_PREFIX + "listener-probe";
        return DiskEvents.listen(Files.writeString(SCRATCH.resolve(probe + ".xml"), GuestDefinition.of(probe, null)), probe);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (events != null) {
            events.close();
        }
        if (daemon != null) {
            attempt("remove the guests", this::removeGuests);
        }
        while (!putBacks.isEmpty()) {
            attempt("put back what a test changed", putBacks.pop());
        }
        if (daemon != null) {
            attempt("stop the daemons", daemon::stop);
        }
        attempt("detach the loop devices", () -> GuestImages.detachLoopDevicesUnder(SCRATCH));
        attempt("remove " + SCRATCH, () -> deleteTree(SCRATCH));
        if (kvm != null) {
            attempt("restore /dev/kvm", kvm::restore);
        }
        if (Thread.currentThread() != shutdownHook) {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Clean-up goes on when one step fails, so that one failure does not leave the rest behind. */
    private static void attempt(String what, PutBack step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            System.err.println("conformance clean-up: could not " + what + ": " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
