package org.virtstartuppolicy.facts;

/**
 * Inserted by site rules (stage {@code site-policy}): the policy a site wants a USB host device to
 * have, whatever the domain declares: {@code new UsbPolicyClaim($usb, Policy.OPTIONAL, "why")}.
 * When claims disagree, the strictest wins, as for disks.
 */
public record UsbPolicyClaim(UsbDeviceFact usb, Policy policy, String reason) implements AboutUsb, Described {
    public boolean isStricterThan(UsbPolicyClaim other) {
        return policy.isStricterThan(other.policy);
    }

    @Override
    public String describe() {
        return usb.label() + ": the site claims policy " + policy + " (" + reason + ")";
    }
}
