package org.virtstartuppolicy.facts;

import java.util.List;

/** What the resolve stage says about the site overrides it applies. */
public final class SiteOverrides {
    private SiteOverrides() {
    }

    /** Every override's reason, sorted, so the wording never depends on the order rules fired in. */
    public static String reasons(List<?> overrides) {
        return String.join("; ", overrides.stream().map(o -> ((ActionOverride) o).reason()).sorted().toList());
    }
}
