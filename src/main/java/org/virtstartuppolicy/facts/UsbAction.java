package org.virtstartuppolicy.facts;

/**
 * Inserted by the USB decision table: what the start does about a USB host device. Exactly one per device.
 *
 * @param error  libvirt's message when the outcome is {@link UsbOutcome#FAIL}, else null
 * @param reason one sentence a user can read
 */
public record UsbAction(UsbDeviceFact usb, UsbOutcome outcome, String error, String reason) implements AboutUsb, Described {
    @Override
    public String describe() {
        return usb.label() + ": " + outcome;
    }
}
