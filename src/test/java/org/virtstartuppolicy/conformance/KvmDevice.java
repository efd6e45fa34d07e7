package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Set;

/**
 * /dev/kvm as libvirt expects it (root:kvm 0660) for the run: libvirt probes it even for
 * type='qemu' guests. Its previous owner and mode are put back afterwards.
 */
final class KvmDevice {
    private static final Path KVM = Path.of("/dev/kvm");

    private final UserPrincipal owner;
    private final GroupPrincipal group;
    private final Set<PosixFilePermission> mode;

    private KvmDevice(UserPrincipal owner, GroupPrincipal group, Set<PosixFilePermission> mode) {
        this.owner = owner;
        this.group = group;
        this.mode = mode;
    }

    /** @return the device's previous state, to restore; null when there is no /dev/kvm */
    static KvmDevice setForRun() throws IOException {
        if (!Files.exists(KVM)) {
            return null;
        }
        PosixFileAttributes before = Files.readAttributes(KVM, PosixFileAttributes.class);
        UserPrincipalLookupService names = KVM.getFileSystem().getUserPrincipalLookupService();
        set(names.lookupPrincipalByName("root"), names.lookupPrincipalByGroupName("kvm"),
                PosixFilePermissions.fromString("rw-rw----"));
        return new KvmDevice(before.owner(), before.group(), before.permissions());
    }

    void restore() throws IOException {
        set(owner, group, mode);
    }

    private static void set(UserPrincipal owner, GroupPrincipal group, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(KVM, PosixFileAttributeView.class);
        view.setOwner(owner);
        view.setGroup(group);
        view.setPermissions(mode);
    }
}
