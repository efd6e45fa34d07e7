package org.virtstartuppolicy.domain;

import java.util.List;

/** A libvirt guest as its domain XML describes it, reduced to what the start checks need. */
public record Domain(String name, String uuid, List<Disk> disks, List<String> legacyBootDevices,
                     List<UsbDevice> usbDevices) {
    public Domain {
        disks = List.copyOf(disks);
        legacyBootDevices = List.copyOf(legacyBootDevices);
        usbDevices = List.copyOf(usbDevices);
    }

    /**
     * Whether this is a running guest's definition, as libvirt saves it for a restore or a
     * snapshot: its disks carry the aliases libvirt gave them ({@code ua-} ones are the user's own).
     */
    public boolean isLiveDefinition() {
        return disks.stream().anyMatch(d -> d.alias() != null && !d.alias().startsWith("ua-"));
    }
}
