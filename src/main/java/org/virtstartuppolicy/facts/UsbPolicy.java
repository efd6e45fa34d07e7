package org.virtstartuppolicy.facts;

/** Inserted by the policy rules: the startupPolicy the USB decision table applies to a device, and where it came from. */
public record UsbPolicy(UsbDeviceFact usb, Policy policy, PolicyOrigin origin) implements AboutUsb, Described {
    @Override
    public String describe() {
        return usb.label() + ": policy " + policy + " (" + origin + ")";
    }
}
