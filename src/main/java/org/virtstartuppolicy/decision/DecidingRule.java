package org.virtstartuppolicy.decision;

/**
 * The rule that decided a disk's final action.
 *
 * @param siteOverride true when it is a site rule: an override, or the claim whose policy chose the
 *                     table's row for a missing disk; false for libvirt's decision table alone
 */
public record DecidingRule(String rule, String file, boolean siteOverride) {
}
