package org.virtstartuppolicy.conformance;

import java.nio.file.Path;

/**
 * How the guest is started: the tool's context, what must happen to the whole guest before the
 * breakage, where the definition libvirt is about to use can be read, and the start itself.
 */
enum GuestStart {
    /** {@code virsh start} of the persistent definition */
    COLD_BOOT("cold-boot"),
    /** started whole, {@code virsh save}, broken, {@code virsh restore} */
    RESTORE("restore"),
    /**
     * started whole, an internal snapshot of the running guest, stopped (so the breakage is done
     * to files at rest, as after a save), broken, {@code virsh snapshot-revert}
     */
    REVERT("revert"),
    /**
     * an internal snapshot of the guest while it is shut off (disks only), broken,
     * {@code virsh snapshot-revert --running}: libvirt treats this revert as not cold either
     */
    REVERT_SHUT_OFF("revert");

    private static final String SNAPSHOT = "conformance";

    /** The tool's {@code --context}. */
    final String context;

    GuestStart(String context) {
        this.context = context;
    }

    /** For case names: the context, and for a revert of a shut-off guest, that it was. */
    String label() {
        return this == REVERT_SHUT_OFF ? "revert-shut-off" : context;
    }

    /** What must happen while the guest is whole. */
    void prepare(String guest, Path folder) {
        switch (this) {
            case COLD_BOOT -> {
            }
            case RESTORE -> {
                startWhole(guest);
                HostCommand.virsh("save", guest, saveFile(folder).toString()).orThrow();
            }
            case REVERT -> {
                startWhole(guest);
                HostCommand.virsh("snapshot-create-as", guest, SNAPSHOT).orThrow();
                HostCommand.virsh("destroy", guest).orThrow();
            }
            case REVERT_SHUT_OFF -> HostCommand.virsh("snapshot-create-as", guest, SNAPSHOT).orThrow();
        }
    }

    /** The domain XML libvirt is about to start: the persistent one, the saved one, or the snapshot's. */
    String definitionAboutToBeUsed(String guest, Path folder) {
        return switch (this) {
            case COLD_BOOT -> HostCommand.virsh("dumpxml", "--inactive", guest).orThrow().out();
            case RESTORE -> HostCommand.virsh("save-image-dumpxml", saveFile(folder).toString()).orThrow().out();
            case REVERT, REVERT_SHUT_OFF -> innerDomain(HostCommand.virsh("snapshot-dumpxml", guest, SNAPSHOT).orThrow().out());
        };
    }

    HostCommand start(String guest, Path folder) {
        return switch (this) {
            case COLD_BOOT -> HostCommand.virsh("start", guest);
            case RESTORE -> HostCommand.virsh("restore", saveFile(folder).toString());
            case REVERT -> HostCommand.virsh("snapshot-revert", guest, SNAPSHOT);
            case REVERT_SHUT_OFF -> HostCommand.virsh("snapshot-revert", guest, SNAPSHOT, "--running");
        };
    }

    private static void startWhole(String guest) {
        HostCommand started = HostCommand.virsh("start", guest);
        if (!started.succeeded()) {
            throw new IllegalStateException("the guest did not start with its images whole: " + started.libvirtError());
        }
    }

    private static Path saveFile(Path folder) {
        return folder.resolve("guest.save");
    }

    /** A snapshot's XML holds the guest's definition as its {@code <domain>} element. */
    private static String innerDomain(String snapshotXml) {
        int start = snapshotXml.indexOf("<domain ");
        int end = snapshotXml.indexOf("</domain>");
        if (start < 0 || end < 0) {
            throw new IllegalStateException("no <domain> in the snapshot's XML");
        }
        return snapshotXml.substring(start, end + "</domain>".length()) + "\n";
    }
}
