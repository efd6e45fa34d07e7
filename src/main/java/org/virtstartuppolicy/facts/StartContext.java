package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.LabelIndex;

/** How the guest is being started (semantics section 2); inserted as a fact for the rules. */
public enum StartContext implements Described {
    COLD_BOOT("cold-boot", "a cold boot", true),
    RESTORE("restore", "a restore", false),
    MIGRATE("migrate", "an incoming migration", false),
    REVERT("revert", "a snapshot revert", false);

    private final String label;
    private final String description;
    private final boolean coldBoot;

    StartContext(String label, String description, boolean coldBoot) {
        this.label = label;
        this.description = description;
        this.coldBoot = coldBoot;
    }

    public String getLabel() {
        return label;
    }

    /** For sentences: "a cold boot", "a restore", … */
    public String getDescription() {
        return description;
    }

    /** libvirt treats every start that resumes saved state (restore, migration, revert) as not cold. */
    public boolean isColdBoot() {
        return coldBoot;
    }

    private static final LabelIndex<StartContext> BY_LABEL = new LabelIndex<>(values(), value -> value.label);

    public static StartContext ofLabel(String label) {
        StartContext context = BY_LABEL.get(label);
        if (context == null) {
            throw new IllegalArgumentException("unknown start context '" + label
                    + "' (expected cold-boot, restore, migrate or revert)");
        }
        return context;
    }

    @Override
    public String describe() {
        return "context " + label + " (" + description + ")";
    }

    @Override
    public String toString() {
        return label;
    }
}
