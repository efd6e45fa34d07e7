package org.virtstartuppolicy.decision;

/**
 * An error that fails the start: what it is about (a disk's target, a host device's name such as
 * {@code hostdev #0 (pci)}, null for the whole domain) and libvirt's message.
 */
public record StartErrorMessage(String target, String message) {
}
