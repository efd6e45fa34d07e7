package org.virtstartuppolicy.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The disk-change events libvirt emits, heard by one {@code virsh event --all --loop} for as long
 * as the daemon runs. Events reach the listener a little after the operation that caused them
 * returns; libvirt sends a domain's events in order, so once a guest's "Undefined" event is
 * heard (every case ends by undefining its guest) all of its disk changes have been heard too.
 */
final class DiskEvents implements AutoCloseable {
    /** virsh: {@code event 'disk-change' for domain 'NAME' disk ALIAS: OLD -> NEW: REASON}. */
    private static final Pattern DISK_CHANGE =
            Pattern.compile("event 'disk-change' for domain '(.+)' disk (\\S+): (.*) -> .*: (\\S+)");
    private static final Pattern UNDEFINED = Pattern.compile("event 'lifecycle' for domain '(.+)': Undefined .*");

    private final Process listener;
    private final Map<String, List<DiskEvent>> changes = new HashMap<>();
    private final Set<String> undefined = new HashSet<>();

    private DiskEvents(Process listener) {
        this.listener = listener;
        Thread reader = new Thread(this::read, "virsh event listener");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts listening, and returns once the listener hears events (a throwaway guest defined and undefined). */
    static DiskEvents listen(Path probeDefinition, String probeName) throws IOException {
        Process process = new ProcessBuilder("virsh", "-c", "qemu:///system", "event", "--all", "--loop")
                .redirectErrorStream(true).start();
        DiskEvents events = new DiskEvents(process);
        for (int attempt = 0; ; attempt++) {
            HostCommand.virsh("define", probeDefinition.toString()).orThrow();
            HostCommand.virsh("undefine", probeName).orThrow();
            if (events.waitForUndefined(probeName, Duration.ofSeconds(2))) {
                return events;
            }
            if (attempt == 10) {
                events.close();
                throw new IllegalStateException("virsh event hears nothing from libvirtd");
            }
        }
    }

    /** The disk changes emitted for a guest, once it has been undefined. */
    List<DiskEvent> ofUndefined(String domain) {
        if (!waitForUndefined(domain, Duration.ofSeconds(30))) {
            throw new IllegalStateException("no 'Undefined' event for " + domain + " within 30 s");
        }
        synchronized (this) {
            return List.copyOf(changes.getOrDefault(domain, List.of()));
        }
    }

    private synchronized boolean waitForUndefined(String domain, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!undefined.remove(domain)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !listener.isAlive()) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                hear(line);
            }
        } catch (IOException e) {
            // The listener was closed: nothing more to hear.
        }
    }

    private synchronized void hear(String line) {
        Matcher change = DISK_CHANGE.matcher(line);
        Matcher gone = UNDEFINED.matcher(line);
        if (change.matches()) {
            changes.computeIfAbsent(change.group(1), domain -> new ArrayList<>()).add(
                    DiskEvent.fromVirsh(change.group(2), change.group(4), change.group(3)));
        } else if (gone.matches()) {
            undefined.add(gone.group(1));
            notifyAll();
        }
    }

    @Override
    public void close() {
        listener.destroy();
    }
}
