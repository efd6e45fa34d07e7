package org.virtstartuppolicy.image;

/** A libvirt storage pool as the config describes it: the folder holding its volumes, and whether it runs. */
public record StoragePool(String name, String path, boolean active) {
}
