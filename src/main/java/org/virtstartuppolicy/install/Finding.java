package org.virtstartuppolicy.install;

import java.util.List;

/**
 * One line of {@code check --host}: what was checked, what was found, and the fix when it is not well.
 *
 * @param fix the command or edit that puts it right, or null when it is well
 */
public record Finding(Status status, String subject, String found, String fix) {
    /** How a finding weighs; the worst decides the exit status. */
    public enum Status {
        /** Well. */
        OK("ok"),
        /** Well, but worth knowing. */
        NOTE("note"),
        /** A start would be refused, or go on unchecked, or a decision would be lost. */
        FAIL("FAIL"),
        /** The check could not tell. */
        UNKNOWN("??");

        private final String label;

        Status(String label) {
            this.label = label;
        }
    }

    static Finding ok(String subject, String found) {
        return new Finding(Status.OK, subject, found, null);
    }

    static Finding note(String subject, String found, String fix) {
        return new Finding(Status.NOTE, subject, found, fix);
    }

    static Finding fail(String subject, String found, String fix) {
        return new Finding(Status.FAIL, subject, found, fix);
    }

    static Finding unknown(String subject, String found, String fix) {
        return new Finding(Status.UNKNOWN, subject, found, fix);
    }

    /** {@code FAIL  log       /var/log/…: no such folder; fix: install -d -m 700 /var/log/…} */
    public String line() {
        return String.format("%-5s %-10s %s%s", status.label, subject, found, fix == null ? "" : "; fix: " + fix);
    }

    /** The exit status of findings: 1 when one would refuse or lose a decision, else 2 when one cannot tell, else 0. */
    public static int exitCode(List<Finding> findings) {
        boolean fails = findings.stream().anyMatch(f -> f.status == Status.FAIL);
        boolean unknown = findings.stream().anyMatch(f -> f.status == Status.UNKNOWN);
        return fails ? 1 : unknown ? 2 : 0;
    }
}
