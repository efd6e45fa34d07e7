package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.virtstartuppolicy.conformance.GuestImages.Chain;
import org.virtstartuppolicy.conformance.GuestImages.Layout;

/**
 * What is wrong with the disk under test. Its images are always written whole first (a restore
 * or revert needs a guest that started); the breakage is then done to them, just before the start
 * that is compared.
 */
enum Breakage {
    NOTHING("nothing", Layout.CHAIN),
    RAW_MISSING("raw-missing", Layout.RAW),
    TOP_MISSING("top-missing", Layout.CHAIN),
    MIDDLE_MISSING("middle-missing", Layout.CHAIN),
    LAST_MISSING("last-missing", Layout.CHAIN),
    /** the top's backing qcow2, which has a backing file of its own, is probed: its format is not recorded */
    FORMAT_NOT_RECORDED("format-not-recorded", Layout.CHAIN),
    /** the middle image's backing file is the top: a loop of two images */
    LOOP("loop", Layout.CHAIN),
    /** every file of the chain 0600 root:root: libvirt relabels them for QEMU, so they must start */
    ROOT_ONLY("root-only-0600", Layout.CHAIN),
    /** the chain's last file in a 0700 root folder, which QEMU's account cannot search */
    UNSEARCHABLE_FOLDER("unsearchable-folder", Layout.CHAIN),
    /**
     * a raw image in such a folder: for an image format without backing files libvirt 9.0 only
     * checks that the file exists (as root), so QEMU is the one that finds it cannot open it
     */
    RAW_UNSEARCHABLE_FOLDER("raw-unsearchable-folder", Layout.RAW),
    /** a qed overlay over a probed qcow2 that has its own backing file: probing is allowed under qed */
    QED_OVER_PROBED("qed-over-probed", Layout.QED_CHAIN),
    QED_OVER_PROBED_LAST_MISSING("qed-over-probed-last-missing", Layout.QED_CHAIN),
    /** the volume's pool stopped with {@code virsh pool-destroy} */
    POOL_INACTIVE("pool-inactive", Layout.CHAIN);

    final String label;
    private final Layout layout;

    Breakage(String label, Layout layout) {
        this.label = label;
        this.layout = layout;
    }

    /** A LUN holds raw data only (one raw image); a volume is one of its pool: only the breakages that make sense for each. */
    boolean appliesTo(Device device) {
        if (device == Device.VOLUME) {
            // a volume is there, deleted behind libvirt's back, missing a backing file, or its pool stopped
            return this == NOTHING || this == TOP_MISSING || this == LAST_MISSING || this == POOL_INACTIVE;
        }
        if (this == POOL_INACTIVE) {
            return false;
        }
        return !device.rawOnly() || this == NOTHING || this == TOP_MISSING || this == ROOT_ONLY
                || this == RAW_UNSEARCHABLE_FOLDER;
    }

    Layout layoutFor(Device device) {
        return device.rawOnly() ? Layout.RAW : layout;
    }

    void apply(Chain chain) throws IOException {
        switch (this) {
            case NOTHING, QED_OVER_PROBED -> {
            }
            case POOL_INACTIVE -> HostCommand.virsh("pool-destroy", Device.pool(chain.top())).orThrow();
            case RAW_MISSING, TOP_MISSING -> Files.delete(chain.top());
            case MIDDLE_MISSING -> Files.delete(chain.middle());
            case LAST_MISSING, QED_OVER_PROBED_LAST_MISSING -> Files.delete(chain.last());
            case FORMAT_NOT_RECORDED -> GuestImages.forgetBackingFormat(chain.top());
            case LOOP -> GuestImages.rebase(chain.middle(), chain.top());
            case ROOT_ONLY -> {
                for (var file : chain.files()) {
                    GuestImages.makeRootOnly(file);
                }
            }
            case UNSEARCHABLE_FOLDER, RAW_UNSEARCHABLE_FOLDER -> Files.setPosixFilePermissions(chain.last().getParent(),
                    PosixFilePermissions.fromString("rwx------"));
        }
    }
}
