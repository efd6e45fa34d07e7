package org.virtstartuppolicy.service;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the service tells its operator: one line per event on standard error (the journal, under systemd). */
public final class ServiceLog {
    private static volatile PrintStream out = System.err;

    private ServiceLog() {
    }

    public static void event(String what) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " virt-startup-policy serve: " + what.replace('\n', ' '));
    }

    /** For tests: where the lines go. */
    static void to(PrintStream stream) {
        out = stream;
    }
}
