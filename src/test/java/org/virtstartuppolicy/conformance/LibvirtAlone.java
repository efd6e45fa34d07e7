package org.virtstartuppolicy.conformance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What libvirt alone did in each plain case of this run, by case name, so that the hook's cases
 * can be held to it: the same guest, the same breakage, the hook in place.
 */
final class LibvirtAlone {
    private static final Map<String, LiveOutcome> OUTCOMES = new ConcurrentHashMap<>();

    private LibvirtAlone() {
    }

    static void record(CaseResult result) {
        if (result.libvirt() != null) {
            OUTCOMES.put(result.conformanceCase().name(), result.libvirt());
        }
    }

    /** libvirt's outcome for the case, or null when the plain case did not run. */
    static LiveOutcome outcomeOf(ConformanceCase conformanceCase) {
        return OUTCOMES.get(conformanceCase.name());
    }
}
