package org.virtstartuppolicy.facts;

import org.virtstartuppolicy.domain.DriveAddress;
import org.virtstartuppolicy.domain.HostdevMode;
import org.virtstartuppolicy.domain.HostdevType;

/**
 * A host device, as far as libvirt's checks of a definition go: its startupPolicy, and for a
 * SCSI one the drive address it takes beside the SCSI disks. (Whether the device is on the host
 * is not looked at.)
 *
 * @param index         position among the domain's host devices, from 0
 * @param modeName      {@code mode} as written, or null
 * @param typeName      {@code type} as written, or null
 * @param startupPolicy {@code <source startupPolicy>} exactly as written, or null when absent
 * @param driveAddress  the drive address written for it, or null
 */
public record HostdevFact(int index, String modeName, String typeName, String startupPolicy, DriveAddress driveAddress)
        implements Described {

    /** The mode: subsystem when none is written, null for a value libvirt refuses. */
    public HostdevMode mode() {
        return HostdevMode.ofLabel(modeName);
    }

    /** The subsystem type, or null when none is written or libvirt refuses the value. */
    public HostdevType type() {
        return HostdevType.ofLabel(typeName);
    }

    /** The declared policy, or null when none is declared or the value is not one libvirt accepts. */
    public Policy declaredPolicy() {
        return Policy.ofLabel(startupPolicy);
    }

    /** How errors name it: its place among the host devices, from 0, and its type. */
    public String name() {
        return "hostdev #" + index + " (" + typeName + ")";
    }

    @Override
    public String describe() {
        return "hostdev #" + index + " (" + modeName + ", " + typeName + ", startupPolicy "
                + (startupPolicy == null ? "absent" : startupPolicy) + ")";
    }
}
