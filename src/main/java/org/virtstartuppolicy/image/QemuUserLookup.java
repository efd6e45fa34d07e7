package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.Spelling;
import org.virtstartuppolicy.ToolError;

/**
 * Finds the account QEMU runs as, in this order: {@code --as-user USER[:GROUP]}; the account the
 * config names; {@code user} and {@code group} in libvirt's {@code qemu.conf}, each falling
 * back to the distribution's build default; the build defaults alone (Debian's
 * {@code libvirt-qemu} account with the {@code libvirt-qemu} group, else Fedora's {@code qemu}
 * and {@code qemu}); and last the user running this tool. Supplementary groups come from the
 * group file, as QEMU gets them.
 */
public final class QemuUserLookup {
    private static final Pattern SETTING = Pattern.compile("^\\s*(\\w+)\\s*=\\s*(\"([^\"]*)\"|(\\d+))\\s*(#.*)?$");
    /** The accounts libvirt is built with: Debian and Ubuntu, then Fedora and RHEL; the group has the user's name. */
    private static final List<String> DISTRIBUTION_ACCOUNTS = List.of("libvirt-qemu", "qemu");

    private final Path etc;

    /** @param etc the host's {@code /etc} (under {@code --root} when one is given) */
    public QemuUserLookup(Path etc) {
        this.etc = etc;
    }

    /** @param uid and {@code gid}: the account the config's {@code qemu} key names, or null */
    public QemuUser find(String asUser, Integer uid, Integer gid) {
        if (asUser != null) {
            return asUser(asUser);
        }
        if (uid != null && gid != null) {
            return withGroups(uid, gid, "the config's qemu key");
        }
        return fromQemuConf().or(this::distributionDefault).orElseGet(QemuUser::current);
    }

    /**
     * Whether libvirt relabels images for QEMU before a start: as the config says
     * ({@code dynamicOwnership}), else {@code dynamic_ownership} in {@code qemu.conf}, else on.
     *
     * @param configured the config's {@code dynamicOwnership}, or null
     */
    public boolean relabels(Boolean configured) {
        if (configured != null) {
            return configured;
        }
        String setting = qemuConf().get("dynamic_ownership");
        return setting == null || !setting.equals("0");
    }

    private Path qemuConfFile() {
        return etc.resolve("libvirt/qemu.conf");
    }

    /** The settings {@code qemu.conf} gives a value, commented-out ones left out. */
    private Map<String, String> qemuConf() {
        Map<String, String> settings = new HashMap<>();
        for (String line : lines(qemuConfFile())) {
            Matcher setting = SETTING.matcher(line);
            if (setting.matches()) {
                settings.put(setting.group(1), setting.group(3) != null ? setting.group(3) : setting.group(4));
            }
        }
        return settings;
    }

    /** {@code user} and {@code group} as libvirt reads them: a name, {@code +ID}, or a bare ID that names no one. */
    private Optional<QemuUser> fromQemuConf() {
        Map<String, String> settings = qemuConf();
        String user = settings.get("user");
        String group = settings.get("group");
        if (user == null && group == null) {
            return Optional.empty();
        }
        Optional<String> defaultAccount = DISTRIBUTION_ACCOUNTS.stream().filter(a -> field("passwd", a, 2) != null).findFirst();
        Integer uid = user != null ? id("passwd", user) : defaultAccount.map(a -> field("passwd", a, 2)).orElse(null);
        if (uid == null) {
            throw new ToolError(qemuConfFile() + ": user '" + (user == null ? "(default)" : user) + "' is not in "
                    + etc.resolve("passwd"));
        }
        Integer gid = group != null ? id("group", group)
                : defaultAccount.map(a -> field("group", a, 2)).orElseGet(() -> primaryGroup(uid));
        if (gid == null) {
            throw new ToolError(qemuConfFile() + ": group '" + (group == null ? "(default)" : group) + "' is not known");
        }
        return Optional.of(withGroups(uid, gid, qemuConfFile().toString()));
    }

    /**
     * {@code --as-user USER[:GROUP]}, each a name, {@code +ID} or an ID, as {@code qemu.conf} takes
     * them; without a group, the user's primary group.
     */
    private QemuUser asUser(String value) {
        String[] parts = value.split(":", 2);
        Integer uid = id("passwd", parts[0]);
        if (uid == null) {
            throw new ToolError("--as-user '" + value + "': no user '" + parts[0] + "' in " + etc.resolve("passwd")
                    + Spelling.suggestion(parts[0], names("passwd")));
        }
        Integer gid = parts.length == 2 ? id("group", parts[1]) : primaryGroup(uid);
        if (gid == null) {
            throw new ToolError("--as-user '" + value + "': " + (parts.length == 2
                    ? "no group '" + parts[1] + "' in " + etc.resolve("group") + Spelling.suggestion(parts[1], names("group"))
                    : "user " + parts[0] + " is not in " + etc.resolve("passwd") + ", so its group is not known: give USER:GROUP"));
        }
        return withGroups(uid, gid, "--as-user");
    }

    /** The names of the entries of {@code /etc/FILE}. */
    private List<String> names(String file) {
        return lines(etc.resolve(file)).stream().map(line -> line.split(":", -1)[0]).filter(name -> !name.isEmpty()).toList();
    }

    private Integer id(String file, String name) {
        if (name.startsWith("+")) {
            return parse(name.substring(1)).orElse(null);
        }
        Integer byName = field(file, name, 2);
        return byName != null ? byName : parse(name).orElse(null);
    }

    /** The account libvirt was built to use, with the group of the same name (not the account's primary group). */
    private Optional<QemuUser> distributionDefault() {
        for (String name : DISTRIBUTION_ACCOUNTS) {
            Integer uid = field("passwd", name, 2);
            if (uid != null) {
                Integer gid = field("group", name, 2);
                return Optional.of(withGroups(uid, gid != null ? gid : primaryGroup(uid),
                        "the distribution's default account " + name));
            }
        }
        return Optional.empty();
    }

    private QemuUser withGroups(int uid, int gid, String source) {
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
        return new QemuUser(uid, gid, groups, source);
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
