package org.virtstartuppolicy.decision;

/**
 * The rule whose conclusion became a disk's final action.
 *
 * @param siteOverride true when it is a site rule's override, not libvirt's decision table
 */
public record DecidingRule(String rule, String file, boolean siteOverride) {
}
