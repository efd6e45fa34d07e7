package org.virtstartuppolicy.facts;

/** A fact that concerns one USB host device; lets the audit trail attribute every fired rule to its device. */
public interface AboutUsb {
    /** The device concerned, or null when the fact concerns something else. */
    UsbDeviceFact usb();
}
