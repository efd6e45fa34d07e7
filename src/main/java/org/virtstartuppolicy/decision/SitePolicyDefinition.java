package org.virtstartuppolicy.decision;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.domain.EffectiveXml;
import org.virtstartuppolicy.facts.Policy;
import org.virtstartuppolicy.facts.PolicyOrigin;
import org.virtstartuppolicy.rules.RuleId;

/**
 * A persistent definition with the startupPolicy the site's rules claim written into it, so that
 * libvirt's own check carries the site's policy out on every start, a cold boot and a revert
 * included (which take the definition as it is). Only the {@code startupPolicy} attributes change.
 *
 * @param changes one per disk whose written policy differs from the site's claim
 * @param xml     the definition with those attributes written, or the given one when nothing changes
 */
public record SitePolicyDefinition(List<Change> changes, String xml) {

    /**
     * One disk's policy as written, and as the site claims it.
     *
     * @param from the policy written, or null when none is (libvirt's default, mandatory)
     * @param rule the site rule whose claim it is
     */
    public record Change(String target, String from, Policy to, RuleId rule) {
        /** {@code vdb: startupPolicy absent -> optional (rule 'R' in F)}. */
        public String describe() {
            return target + ": startupPolicy " + (from == null ? "absent" : "'" + from + "'") + " -> '" + to.label()
                    + "' (rule '" + rule.rule() + "' in " + rule.file() + ")";
        }
    }

    /** @param decision the definition's decision with the site's rules in force */
    public static SitePolicyDefinition of(Decision decision, DomainSource source) {
        List<Change> changes = new ArrayList<>();
        Map<Integer, String> policies = new LinkedHashMap<>();
        for (DiskDecision disk : decision.disks()) {
            if (disk.policy() == null || disk.policy().origin() != PolicyOrigin.SITE || disk.disk().source() == null) {
                continue;
            }
            Policy claimed = disk.policy().policy();
            String written = disk.disk().startupPolicy();
            // no attribute means mandatory: a claim of mandatory needs none written
            boolean same = written == null ? claimed == Policy.MANDATORY : written.equals(claimed.label());
            if (!same) {
                changes.add(new Change(disk.disk().target(), written, claimed, disk.claimedBy()));
                policies.put(disk.disk().index(), claimed.label());
            }
        }
        return new SitePolicyDefinition(changes, changes.isEmpty() ? source.text()
                : EffectiveXml.withStartupPolicies(source.text(), policies, source.name()));
    }
}
