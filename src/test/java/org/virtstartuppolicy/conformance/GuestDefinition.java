package org.virtstartuppolicy.conformance;

import java.nio.file.Path;

/** The smallest guest libvirt defines and starts quickly: QEMU's software emulation, 64 MiB, no graphics. */
final class GuestDefinition {
    private GuestDefinition() {
    }

    /**
     * @param systemDisk the guest's own qcow2 disk, vda, or null for none
     * @param disks      more {@code <disk>} elements
     */
    static String of(String name, Path systemDisk, String... disks) {
        StringBuilder xml = new StringBuilder("<domain type='qemu'>\n  <name>").append(name).append("</name>\n")
                .append("  <memory unit='MiB'>64</memory>\n  <vcpu>1</vcpu>\n")
                .append("  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <devices>\n");
        if (systemDisk != null) {
            xml.append("    <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='")
                    .append(systemDisk).append("'/><target dev='vda' bus='virtio'/><alias name='ua-vda'/></disk>\n");
        }
        for (String disk : disks) {
            xml.append("    ").append(disk).append('\n');
        }
        return xml.append("    <memballoon model='none'/>\n  </devices>\n</domain>\n").toString();
    }
}
