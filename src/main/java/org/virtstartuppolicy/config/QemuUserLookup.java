package org.virtstartuppolicy.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.image.QemuUser;

/**
 * Finds the account QEMU runs as, in this order: {@code --as-user UID:GID}; the config's
 * {@code qemu} key; {@code user} and {@code group} in libvirt's {@code qemu.conf}; the
 * {@code libvirt-qemu} account (Debian) or the {@code qemu} account (Fedora, RHEL); and last the
 * user running this tool. Supplementary groups come from the group file, as QEMU gets them.
 */
public final class QemuUserLookup {
    private static final Pattern SETTING = Pattern.compile("^\\s*(user|group)\\s*=\\s*\"([^\"]*)\"\\s*(#.*)?$");
    private static final Pattern UID_GID = Pattern.compile("(\\d+):(\\d+)");

    private final Path etc;

    /** @param etc the host's {@code /etc} (under {@code --root} when one is given) */
    public QemuUserLookup(Path etc) {
        this.etc = etc;
    }

    public QemuUser find(String asUser, Config config) {
        if (asUser != null) {
            Matcher ids = UID_GID.matcher(asUser);
            if (!ids.matches()) {
                throw new ToolError("--as-user '" + asUser + "': expected UID:GID, e.g. 64055:64055");
            }
            return withGroups(Integer.parseInt(ids.group(1)), Integer.parseInt(ids.group(2)));
        }
        if (config.qemu() != null) {
            return withGroups(config.qemu().uid(), config.qemu().gid());
        }
        return fromQemuConf().or(() -> account("libvirt-qemu")).or(() -> account("qemu"))
                .orElseGet(QemuUser::current);
    }

    /** libvirt's {@code user = "name"} or {@code "+uid"}, and {@code group} likewise. */
    private Optional<QemuUser> fromQemuConf() {
        String user = null;
        String group = null;
        for (String line : lines(etc.resolve("libvirt/qemu.conf"))) {
            Matcher setting = SETTING.matcher(line);
            if (setting.matches()) {
                if (setting.group(1).equals("user")) {
                    user = setting.group(2);
                } else {
                    group = setting.group(2);
                }
            }
        }
        if (user == null) {
            return Optional.empty();
        }
        Integer uid = user.startsWith("+") ? Integer.valueOf(user.substring(1)) : field("passwd", user, 2);
        if (uid == null) {
            throw new ToolError(etc.resolve("libvirt/qemu.conf") + ": user '" + user + "' is not in "
                    + etc.resolve("passwd"));
        }
        Integer gid;
        if (group == null) {
            gid = primaryGroup(uid);
        } else {
            gid = group.startsWith("+") ? Integer.valueOf(group.substring(1)) : field("group", group, 2);
        }
        if (gid == null) {
            throw new ToolError(etc.resolve("libvirt/qemu.conf") + ": group '" + (group == null ? "of " + user : group)
                    + "' is not known");
        }
        return Optional.of(withGroups(uid, gid));
    }

    private Optional<QemuUser> account(String name) {
        Integer uid = field("passwd", name, 2);
        Integer gid = field("passwd", name, 3);
        return uid == null || gid == null ? Optional.empty() : Optional.of(withGroups(uid, gid));
    }

    private QemuUser withGroups(int uid, int gid) {
        Set<Integer> groups = new HashSet<>(Set.of(gid));
        String name = nameOf(uid);
        if (name != null) {
            for (String line : lines(etc.resolve("group"))) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 4 && List.of(fields[3].split(",")).contains(name)) {
                    parse(fields[2]).ifPresent(groups::add);
                }
            }
        }
        return new QemuUser(uid, gid, groups);
    }

    private String nameOf(int uid) {
        for (String line : lines(etc.resolve("passwd"))) {
            String[] fields = line.split(":", -1);
            if (fields.length >= 3 && fields[2].equals(String.valueOf(uid))) {
                return fields[0];
            }
        }
        return null;
    }

    private Integer primaryGroup(int uid) {
        String name = nameOf(uid);
        return name == null ? null : field("passwd", name, 3);
    }

    /** The numeric field {@code index} of the entry called {@code name} in {@code /etc/FILE}. */
    private Integer field(String file, String name, int index) {
        for (String line : lines(etc.resolve(file))) {
            String[] fields = line.split(":", -1);
            if (fields.length > index && fields[0].equals(name)) {
                return parse(fields[index]).orElse(null);
            }
        }
        return null;
    }

    private static Optional<Integer> parse(String number) {
        try {
            return Optional.of(Integer.valueOf(number.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read: " + e.getMessage());
        }
    }
}
