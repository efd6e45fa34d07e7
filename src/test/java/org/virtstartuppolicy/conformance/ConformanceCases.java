package org.virtstartuppolicy.conformance;

import static org.virtstartuppolicy.conformance.Breakage.FORMAT_NOT_RECORDED;
import static org.virtstartuppolicy.conformance.Breakage.LAST_MISSING;
import static org.virtstartuppolicy.conformance.Breakage.LOOP;
import static org.virtstartuppolicy.conformance.Breakage.MIDDLE_MISSING;
import static org.virtstartuppolicy.conformance.Breakage.NOTHING;
import static org.virtstartuppolicy.conformance.Breakage.POOL_INACTIVE;
import static org.virtstartuppolicy.conformance.Breakage.QED_OVER_PROBED;
import static org.virtstartuppolicy.conformance.Breakage.QED_OVER_PROBED_LAST_MISSING;
import static org.virtstartuppolicy.conformance.Breakage.RAW_MISSING;
import static org.virtstartuppolicy.conformance.Breakage.RAW_UNSEARCHABLE_FOLDER;
import static org.virtstartuppolicy.conformance.Breakage.ROOT_ONLY;
import static org.virtstartuppolicy.conformance.Breakage.TOP_MISSING;
import static org.virtstartuppolicy.conformance.Breakage.UNSEARCHABLE_FOLDER;
import static org.virtstartuppolicy.conformance.Device.BLOCK;
import static org.virtstartuppolicy.conformance.Device.CDROM_IDE;
import static org.virtstartuppolicy.conformance.Device.CDROM_SATA;
import static org.virtstartuppolicy.conformance.Device.DISK;
import static org.virtstartuppolicy.conformance.Device.FLOPPY;
import static org.virtstartuppolicy.conformance.Device.LUN;
import static org.virtstartuppolicy.conformance.Device.VOLUME;
import static org.virtstartuppolicy.conformance.GuestStart.COLD_BOOT;
import static org.virtstartuppolicy.conformance.GuestStart.RESTORE;
import static org.virtstartuppolicy.conformance.GuestStart.REVERT;
import static org.virtstartuppolicy.conformance.GuestStart.REVERT_SHUT_OFF;
import static org.virtstartuppolicy.conformance.Policy.ABSENT;
import static org.virtstartuppolicy.conformance.Policy.MANDATORY;
import static org.virtstartuppolicy.conformance.Policy.OPTIONAL;
import static org.virtstartuppolicy.conformance.Policy.REQUISITE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cases: not the whole cross product. Cold boots broadly; restores and reverts on the rows
 * where the context changes libvirt's decision (requisite and optional media, optional hard
 * disks) and a few mandatory ones. Reverts leave out block disks and qed images, which cannot
 * hold an internal snapshot, and LUNs, which QEMU refuses on a loop device (so no guest with one
 * can be saved either).
 */
final class ConformanceCases {
    /** Every breakage of a file chain (a pool's is for volumes only). */
    private static final Breakage[] EVERY = Arrays.stream(Breakage.values()).filter(b -> b != POOL_INACTIVE)
            .toArray(Breakage[]::new);

    private final List<ConformanceCase> cases = new ArrayList<>();

    private ConformanceCases() {
    }

    static List<ConformanceCase> all() {
        ConformanceCases all = new ConformanceCases();
        // Requisite on a hard disk or LUN is a definition libvirt refuses.
        all.add(COLD_BOOT, DISK, OPTIONAL, EVERY);
        all.add(COLD_BOOT, DISK, MANDATORY, EVERY);
        all.add(COLD_BOOT, DISK, ABSENT, NOTHING, TOP_MISSING, MIDDLE_MISSING);
        all.add(COLD_BOOT, DISK, REQUISITE, NOTHING, TOP_MISSING);
        all.add(COLD_BOOT, CDROM_IDE, OPTIONAL, EVERY);
        all.add(COLD_BOOT, CDROM_IDE, REQUISITE, EVERY);
        all.add(COLD_BOOT, CDROM_IDE, MANDATORY, NOTHING, RAW_MISSING, TOP_MISSING, LAST_MISSING, ROOT_ONLY,
                UNSEARCHABLE_FOLDER);
        all.add(COLD_BOOT, CDROM_IDE, ABSENT, NOTHING, RAW_MISSING);
        all.add(COLD_BOOT, CDROM_SATA, OPTIONAL, NOTHING, RAW_MISSING, TOP_MISSING, MIDDLE_MISSING, ROOT_ONLY,
                UNSEARCHABLE_FOLDER, QED_OVER_PROBED_LAST_MISSING);
        all.add(COLD_BOOT, CDROM_SATA, REQUISITE, NOTHING, RAW_MISSING, MIDDLE_MISSING);
        all.add(COLD_BOOT, CDROM_SATA, MANDATORY, RAW_MISSING);
        all.add(COLD_BOOT, CDROM_SATA, ABSENT, NOTHING);
        all.add(COLD_BOOT, FLOPPY, OPTIONAL, NOTHING, RAW_MISSING, TOP_MISSING, LAST_MISSING, FORMAT_NOT_RECORDED,
                ROOT_ONLY, UNSEARCHABLE_FOLDER);
        all.add(COLD_BOOT, FLOPPY, REQUISITE, RAW_MISSING, MIDDLE_MISSING);
        all.add(COLD_BOOT, FLOPPY, MANDATORY, RAW_MISSING, LOOP);
        all.add(COLD_BOOT, FLOPPY, ABSENT, NOTHING);
        all.add(COLD_BOOT, BLOCK, OPTIONAL, EVERY);
        all.add(COLD_BOOT, BLOCK, MANDATORY, NOTHING, RAW_MISSING, MIDDLE_MISSING, ROOT_ONLY, UNSEARCHABLE_FOLDER);
        all.add(COLD_BOOT, BLOCK, ABSENT, NOTHING);
        all.add(COLD_BOOT, BLOCK, REQUISITE, NOTHING);
        all.add(COLD_BOOT, LUN, OPTIONAL, NOTHING, TOP_MISSING, ROOT_ONLY, RAW_UNSEARCHABLE_FOLDER);
        all.add(COLD_BOOT, LUN, MANDATORY, NOTHING, TOP_MISSING);
        all.add(COLD_BOOT, LUN, REQUISITE, NOTHING);
        all.add(COLD_BOOT, LUN, ABSENT, NOTHING);

        all.add(RESTORE, CDROM_IDE, REQUISITE, RAW_MISSING, TOP_MISSING, MIDDLE_MISSING, LAST_MISSING,
                FORMAT_NOT_RECORDED, LOOP, ROOT_ONLY, UNSEARCHABLE_FOLDER, QED_OVER_PROBED_LAST_MISSING);
        all.add(RESTORE, CDROM_IDE, OPTIONAL, RAW_MISSING, MIDDLE_MISSING, ROOT_ONLY, UNSEARCHABLE_FOLDER,
                RAW_UNSEARCHABLE_FOLDER);
        all.add(RESTORE, CDROM_IDE, MANDATORY, RAW_MISSING);
        all.add(RESTORE, CDROM_SATA, REQUISITE, RAW_MISSING);
        all.add(RESTORE, CDROM_SATA, OPTIONAL, TOP_MISSING);
        all.add(RESTORE, FLOPPY, REQUISITE, RAW_MISSING, LAST_MISSING);
        all.add(RESTORE, FLOPPY, OPTIONAL, RAW_MISSING);
        all.add(RESTORE, DISK, OPTIONAL, NOTHING, TOP_MISSING, MIDDLE_MISSING, LAST_MISSING, FORMAT_NOT_RECORDED, LOOP,
                ROOT_ONLY, UNSEARCHABLE_FOLDER, QED_OVER_PROBED, QED_OVER_PROBED_LAST_MISSING);
        all.add(RESTORE, DISK, MANDATORY, MIDDLE_MISSING);
        all.add(RESTORE, BLOCK, OPTIONAL, RAW_MISSING, MIDDLE_MISSING, ROOT_ONLY);

        all.add(REVERT, CDROM_IDE, REQUISITE, RAW_MISSING, MIDDLE_MISSING, ROOT_ONLY, UNSEARCHABLE_FOLDER,
                QED_OVER_PROBED_LAST_MISSING);
        all.add(REVERT, CDROM_IDE, OPTIONAL, RAW_MISSING, LAST_MISSING);
        all.add(REVERT, CDROM_IDE, MANDATORY, RAW_MISSING);
        all.add(REVERT, CDROM_SATA, REQUISITE, RAW_MISSING);
        all.add(REVERT, FLOPPY, REQUISITE, RAW_MISSING);
        all.add(REVERT, FLOPPY, OPTIONAL, MIDDLE_MISSING);
        all.add(REVERT, DISK, OPTIONAL, NOTHING, TOP_MISSING, MIDDLE_MISSING, LAST_MISSING, FORMAT_NOT_RECORDED, LOOP,
                ROOT_ONLY, UNSEARCHABLE_FOLDER);
        all.add(REVERT, DISK, MANDATORY, LAST_MISSING);

        // A snapshot taken while the guest was shut off, reverted with --running.
        all.add(REVERT_SHUT_OFF, CDROM_IDE, REQUISITE, RAW_MISSING, MIDDLE_MISSING);
        all.add(REVERT_SHUT_OFF, CDROM_IDE, OPTIONAL, RAW_MISSING);
        all.add(REVERT_SHUT_OFF, DISK, OPTIONAL, NOTHING, TOP_MISSING, LAST_MISSING);
        all.add(REVERT_SHUT_OFF, DISK, MANDATORY, TOP_MISSING);

        // Volumes of a dir pool defined and started with virsh: deleted behind libvirt's back, pool stopped.
        all.add(COLD_BOOT, VOLUME, OPTIONAL, NOTHING, TOP_MISSING, LAST_MISSING, POOL_INACTIVE);
        all.add(COLD_BOOT, VOLUME, MANDATORY, NOTHING, TOP_MISSING, LAST_MISSING, POOL_INACTIVE);
        all.add(COLD_BOOT, VOLUME, ABSENT, TOP_MISSING, POOL_INACTIVE);
        all.add(RESTORE, VOLUME, OPTIONAL, NOTHING, TOP_MISSING, POOL_INACTIVE);
        all.add(RESTORE, VOLUME, MANDATORY, TOP_MISSING, POOL_INACTIVE);
        return List.copyOf(all.cases);
    }

    private void add(GuestStart start, Device device, Policy policy, Breakage... breakages) {
        for (Breakage breakage : breakages) {
            cases.add(new ConformanceCase(start, device, policy, breakage));
        }
    }
}
