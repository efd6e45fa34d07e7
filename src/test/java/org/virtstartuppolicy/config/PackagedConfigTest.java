package org.virtstartuppolicy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The config the Debian package installs as /etc/virt-startup-policy/config.yaml
 * (src/deb/etc/config.yaml): it reads, it sets what the package's other files expect (the decision
 * log's folder the postinst makes and logrotate rotates, the site rules folder, the socket the
 * socket unit listens on, the state folder the hook script looks in), and it documents every key
 * the example config/virt-startup-policy.yaml does, so that a key added there is not forgotten here.
 */
class PackagedConfigTest {
    private static final Path PACKAGED = Path.of("src/deb/etc/config.yaml");
    private static final Path EXAMPLE = Path.of("config/virt-startup-policy.yaml");
    /** A key at the start of a line, set or commented out: {@code key:}, {@code   # key:}. */
    private static final Pattern KEY = Pattern.compile("^\\s*(?:#\\s*)?([A-Za-z][A-Za-z0-9]*):(?:\\s|$)");

    @Test
    void itReadsAndSetsWhatThePackagesOtherFilesExpect() throws IOException {
        Config config = ConfigReader.read(PACKAGED);
        assertEquals("/var/log/virt-startup-policy/decisions.jsonl", config.decisionLog());
        assertTrue(Files.readString(Path.of("src/deb/etc/logrotate")).contains("\n" + config.decisionLog() + " {\n"),
                "logrotate rotates the decision log");
        assertEquals(List.of(Path.of("/etc/virt-startup-policy/rules")), config.siteRules());
        assertEquals(Path.of("/run/virt-startup-policy"), config.hookState(), "where the hook script looks");
        assertNull(config.cacheDir(), "the default, /var/cache/virt-startup-policy, which the postrm purges");
        assertEquals(true, config.serviceSettings().fallsBack());
        assertTrue(Files.readAllLines(Path.of("src/main/dist/systemd/virt-startup-policy.socket"))
                .contains("ListenStream=" + config.serviceSettings().socketPath()), "the socket unit listens where the hook asks");
        // what libvirt's qemu.conf says is read, not a fixed account
        assertNull(config.qemu());
        assertNull(config.dynamicOwnership());
    }

    @Test
    void itDocumentsEveryKeyOfTheExample() throws IOException {
        Set<String> missing = keys(EXAMPLE);
        missing.removeAll(keys(PACKAGED));
        assertEquals(Set.of(), missing, "keys of " + EXAMPLE + " that " + PACKAGED + " neither sets nor shows in a comment");
    }

    private static Set<String> keys(Path file) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(file)) {
            Matcher key = KEY.matcher(line);
            if (key.find()) {
                keys.add(key.group(1));
            }
        }
        return keys;
    }
}
