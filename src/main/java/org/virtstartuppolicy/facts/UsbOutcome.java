package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.LabelIndex;

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

    private static final LabelIndex<UsbOutcome> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    public static UsbOutcome ofLabel(String label) {
        return BY_LABEL.get(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
