package org.virtstartuppolicy.hook;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The snapshots libvirt keeps for a guest, read from its files: a hook never asks libvirt. */
public final class LibvirtSnapshots {
    private LibvirtSnapshots() {
    }

    /**
     * Whether libvirt keeps any snapshot of {@code guest}, in
     * {@code /var/lib/libvirt/qemu/snapshot/GUEST/NAME.xml}.
     *
     * @param root the host's file system: {@code /}, or where it is mounted
     */
    public static boolean exist(Path root, String guest) {
        if (guest == null || guest.isEmpty() || guest.contains("/") || guest.startsWith(".")) {
            return false;
        }
        Path folder = root.resolve("var/lib/libvirt/qemu/snapshot").resolve(guest);
        try (DirectoryStream<Path> snapshots = Files.newDirectoryStream(folder, "*.xml")) {
            return snapshots.iterator().hasNext();
        } catch (IOException e) {
            // no folder: no snapshot; an unreadable one cannot rule a revert out
            return Files.exists(folder);
        }
    }
}
