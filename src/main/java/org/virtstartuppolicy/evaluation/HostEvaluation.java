package org.virtstartuppolicy.evaluation;

import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.SitePolicyDefinition;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.host.Guest;
import org.virtstartuppolicy.host.GuestVerdict;
import org.virtstartuppolicy.host.HostReport;
import org.virtstartuppolicy.image.Assumptions;

/**
 * Every guest of a host, each for its next start: a restore of its managed save, else a cold boot
 * of its persistent definition; transient guests listed, not decided. With assumptions, each is
 * decided on the host as it would be, and as it is today, from one reading of the host.
 */
public final class HostEvaluation {
    private HostEvaluation() {
    }

    /**
     * @param evaluation the host as it is; its decisions (today's) are logged when it has a log
     * @param origin     what the decision log says asked
     */
    public static HostReport of(List<Guest> guests, Evaluation evaluation, Assumptions assumptions, String origin) {
        Evaluation assumed = evaluation.assuming(assumptions);
        List<GuestVerdict> verdicts = new ArrayList<>();
        for (Guest guest : guests) {
            if (guest.unreadable() != null || guest.nextStart() == null) {
                verdicts.add(GuestVerdict.undecided(guest, guest.unreadable()));
                continue;
            }
            try {
                Domain domain = guest.startDefinition().domain();
                Decision decision = assumed.decide(domain, guest.nextStart());
                Decision today = assumptions.isEmpty() ? null : evaluation.decide(domain, guest.nextStart());
                evaluation.log(today != null ? today : decision, origin, origin + ", the guest's next start");
                verdicts.add(new GuestVerdict(guest, decision, today, null, toApply(guest, evaluation)));
            } catch (ToolError e) {
                String name = guest.startDefinition().name();
                verdicts.add(GuestVerdict.undecided(guest, e.getMessage().startsWith(name) ? e.getMessage()
                        : name + ": " + e.getMessage()));
            }
        }
        return new HostReport(verdicts, assumptions);
    }

    /** The policies the site claims that the guest's persistent definition does not carry. */
    private static List<SitePolicyDefinition.Change> toApply(Guest guest, Evaluation evaluation) {
        if (guest.persistent() == null || !evaluation.hasSiteRules()) {
            return List.of();
        }
        Decision coldBoot = evaluation.decide(guest.persistent().domain(), StartContext.COLD_BOOT);
        return SitePolicyDefinition.of(coldBoot, guest.persistent()).changes();
    }
}
