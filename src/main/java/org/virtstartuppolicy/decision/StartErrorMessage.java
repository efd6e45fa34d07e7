package org.virtstartuppolicy.decision;

/** An error that fails the start: the disk's target (null for the whole domain) and libvirt's message. */
public record StartErrorMessage(String target, String message) {
}
