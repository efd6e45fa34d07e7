package org.virtstartuppolicy.host;

import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.facts.StartContext;

/**
 * A guest libvirt knows on the host, as its files say.
 *
 * @param persistent its persistent definition, or null for a transient guest
 * @param saved      the definition its managed-save image holds, or null when it has none
 * @param autostart  whether libvirt starts it when the host boots
 * @param running    whether it runs now
 * @param unreadable why what libvirt keeps of it could not be read, or null
 */
public record Guest(String name, DomainSource persistent, DomainSource saved, boolean autostart, boolean running,
                    String unreadable) {

    /** {@code running}, {@code saved} (a managed save), {@code shut off}; {@code transient} for a guest with no definition kept. */
    public String state() {
        if (persistent == null && saved == null) {
            return running ? "running, transient" : "transient";
        }
        return running ? "running" : saved != null ? "saved" : "shut off";
    }

    /**
     * How its next {@code virsh start} goes: a restore of the managed save, else a cold boot of the
     * persistent definition (a running guest's next one too); null for a transient guest.
     */
    public StartContext nextStart() {
        return saved != null && !running ? StartContext.RESTORE : persistent != null ? StartContext.COLD_BOOT : null;
    }

    /** The definition that start uses. */
    public DomainSource startDefinition() {
        return nextStart() == StartContext.RESTORE ? saved : persistent;
    }
}
