package org.virtstartuppolicy.decision;

/** Something the operator should hear although the decision stands: the disk's target (null for the whole domain) and what. */
public record WarningMessage(String target, String message) {
}
