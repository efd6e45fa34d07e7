package org.virtstartuppolicy.domain;

import java.util.List;

/** A libvirt guest as its domain XML describes it, reduced to what the start checks need. */
public record Domain(String name, String uuid, List<Disk> disks, List<String> legacyBootDevices) {
    public Domain {
        disks = List.copyOf(disks);
        legacyBootDevices = List.copyOf(legacyBootDevices);
    }
}
