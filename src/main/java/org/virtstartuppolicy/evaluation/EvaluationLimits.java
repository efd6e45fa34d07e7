package org.virtstartuppolicy.evaluation;

import org.virtstartuppolicy.config.Config;

/**
 * How much of one domain is taken on: a domain over a limit is an error naming it, never a
 * decision made on part of it.
 *
 * @param domainXmlBytes the largest domain XML read, whichever door it comes through
 * @param disksPerDomain the most disks a domain may have
 * @param ruleFirings    the most rule firings for one domain; rules that fire more never settle
 */
public record EvaluationLimits(int domainXmlBytes, int disksPerDomain, int ruleFirings) {
    public static final EvaluationLimits DEFAULTS = new EvaluationLimits(4 << 20, 1024, 100_000);

    /** The config's {@code limits}, defaults for what it does not set. */
    public static EvaluationLimits of(Config config) {
        Config.Limits set = config.limits();
        if (set == null) {
            return DEFAULTS;
        }
        return new EvaluationLimits(set.domainXmlBytes() == null ? DEFAULTS.domainXmlBytes : set.domainXmlBytes(),
                set.disksPerDomain() == null ? DEFAULTS.disksPerDomain : set.disksPerDomain(),
                set.ruleFirings() == null ? DEFAULTS.ruleFirings : set.ruleFirings());
    }
}
