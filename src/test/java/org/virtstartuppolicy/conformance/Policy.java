package org.virtstartuppolicy.conformance;

/** The disk's startupPolicy, or none. */
enum Policy {
    ABSENT, MANDATORY, REQUISITE, OPTIONAL;

    String label() {
        return name().toLowerCase();
    }

    String attribute() {
        return this == ABSENT ? "" : " startupPolicy='" + label() + "'";
    }
}
