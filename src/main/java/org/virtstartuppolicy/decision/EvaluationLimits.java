package org.virtstartuppolicy.decision;

/**
 * How much of one domain is taken on: a domain over a limit is an error naming it, never a
 * decision made on part of it.
 *
 * @param disksPerDomain the most disks a domain may have
 * @param ruleFirings    the most rule firings for one domain; rules that fire more never settle
 */
public record EvaluationLimits(int disksPerDomain, int ruleFirings) {
    public static final EvaluationLimits DEFAULTS = new EvaluationLimits(1024, 100_000);
}
