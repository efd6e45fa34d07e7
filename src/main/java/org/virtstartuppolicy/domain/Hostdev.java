package org.virtstartuppolicy.domain;

/**
 * One {@code <hostdev>}, as written, reduced to what libvirt's checks of a definition read.
 *
 * @param index         position among the domain's host devices, from 0
 * @param mode          {@code mode} as written, or null (libvirt then takes {@code subsystem})
 * @param type          {@code type} as written, or null
 * @param startupPolicy the {@code <source startupPolicy>} as written, or null when absent
 * @param address       the {@code <address>}, or null when none is written
 */
public record Hostdev(int index, String mode, String type, String startupPolicy, DeviceAddress address) {
}
