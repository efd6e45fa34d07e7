package org.virtstartuppolicy.conformance;

/** One start compared: how the guest starts, the disk under test, its policy, and what is wrong with it. */
record ConformanceCase(GuestStart start, Device device, Policy policy, Breakage breakage) {
    static final String GUEST_PREFIX = "vsp-conf-";

    ConformanceCase {
        if (!breakage.appliesTo(device)) {
            throw new IllegalArgumentException(breakage.label + " does not apply to a " + device.label);
        }
    }

    String name() {
        return start.label() + "/" + device.label + "/" + policy.label() + "/" + breakage.label;
    }

    String guest() {
        return GUEST_PREFIX + name().replace('/', '-');
    }
}
