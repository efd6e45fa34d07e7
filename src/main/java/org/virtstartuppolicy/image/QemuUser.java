package org.virtstartuppolicy.image;

import com.sun.security.auth.module.UnixSystem;
import java.util.HashSet;
import java.util.Set;

/** The account QEMU runs as: file access is judged for it, not for whoever runs this tool. */
public record QemuUser(int uid, int gid, Set<Integer> groups) {
    public QemuUser {
        groups = Set.copyOf(groups);
    }

    public static QemuUser of(int uid, int gid) {
        return new QemuUser(uid, gid, Set.of(gid));
    }

    /** The user running this tool, the fallback when nothing says who QEMU runs as. */
    public static QemuUser current() {
        UnixSystem self = new UnixSystem();
        Set<Integer> groups = new HashSet<>();
        groups.add((int) self.getGid());
        for (long group : self.getGroups()) {
            groups.add((int) group);
        }
        return new QemuUser((int) self.getUid(), (int) self.getGid(), groups);
    }

    boolean isRoot() {
        return uid == 0;
    }

    boolean isMemberOf(int group) {
        return gid == group || groups.contains(group);
    }

    /** As libvirt prints it: {@code uid:107, gid:107}. */
    public String label() {
        return "uid:" + uid + ", gid:" + gid;
    }
}
