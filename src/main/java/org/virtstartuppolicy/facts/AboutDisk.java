package org.virtstartuppolicy.facts;

/** A fact that concerns one disk; lets the audit trail attribute every fired rule to its disks. */
public interface AboutDisk {
    /** The disk concerned, or null when the fact concerns the whole domain. */
    DiskFact disk();
}
