package org.virtstartuppolicy.facts;

import java.util.Arrays;

/** What a start does about a USB host device, as rules name it: {@code UsbOutcome.MISSING}. */
public enum UsbOutcome {
    /** Found: QEMU gets the host's device. */
    PRESENT("present"),
    /** Not found, and the policy lets the guest start without it: it stays in the definition, marked missing. */
    MISSING("missing"),
    /** The start fails. */
    FAIL("fail");

    private final String label;

    UsbOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static UsbOutcome ofLabel(String label) {
        return Arrays.stream(values()).filter(o -> o.label.equals(label)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return label;
    }
}
