package org.virtstartuppolicy.image;

import com.sun.security.auth.module.UnixSystem;
import java.util.HashSet;
import java.util.Set;

/**
 * The account QEMU runs as: libvirt judges whether a file can be reached for it, not for
 * whoever runs this tool.
 *
 * @param source where this account came from, as users read it (e.g. {@code /etc/libvirt/qemu.conf})
 */
public record QemuUser(int uid, int gid, Set<Integer> groups, String source) {
    private static final int READ = 4;
    private static final int WRITE = 2;
    private static final int SEARCH = 1;

    public QemuUser {
        groups = Set.copyOf(groups);
    }

    public static QemuUser of(int uid, int gid) {
        return new QemuUser(uid, gid, Set.of(gid), "given");
    }

    /** The user running this tool, the fallback when nothing says who QEMU runs as. */
    public static QemuUser current() {
        UnixSystem self = new UnixSystem();
        Set<Integer> groups = new HashSet<>();
        groups.add((int) self.getGid());
        for (long group : self.getGroups()) {
            groups.add((int) group);
        }
        return new QemuUser((int) self.getUid(), (int) self.getGid(), groups, "the account running this tool");
    }

    boolean isRoot() {
        return uid == 0;
    }

    /** Whether a file of this mode and owner lets this account search it (a folder on a path). */
    boolean maySearch(int mode, int owner, int group) {
        return permits(mode, owner, group, SEARCH);
    }

    boolean mayRead(int mode, int owner, int group) {
        return permits(mode, owner, group, READ);
    }

    boolean mayWrite(int mode, int owner, int group) {
        return permits(mode, owner, group, WRITE);
    }

    /** The owner's bits for the owner, else the group's for a member, else the others': as the kernel decides. */
    private boolean permits(int mode, int owner, int group, int wanted) {
        if (isRoot()) {
            return true;
        }
        int bits = owner == uid ? mode >> 6 : gid == group || groups.contains(group) ? mode >> 3 : mode;
        return (bits & wanted) == wanted;
    }

    /** As libvirt prints it: {@code uid:107, gid:107}. */
    public String label() {
        return "uid:" + uid + ", gid:" + gid;
    }
}
