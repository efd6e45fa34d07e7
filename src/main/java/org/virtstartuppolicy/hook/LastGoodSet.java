package org.virtstartuppolicy.hook;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFile;

/**
 * The last config and rules a hook call decided with: the config file's text and every rule
 * file's text, with when they were kept. When the config no longer reads or the rules no longer
 * compile, the hook decides with these rather than refuse every guest. Kept in the rule cache's
 * folder, whose owner and mode the cache checks (rules are code), one file per config file; the
 * compiled rules stay in the rule cache under their usual key, so a fallback compiles nothing.
 *
 * @param configFile the config file, as an absolute path
 * @param configText its text when it last read
 * @param rules      the rule files in force then, in order
 * @param kept       when this set was kept (ISO-8601)
 */
public record LastGoodSet(String configFile, String configText, List<RuleFile> rules, String kept) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public LastGoodSet {
        rules = List.copyOf(rules);
    }

    public static LastGoodSet of(Path configFile, String configText, List<RuleFile> rules) {
        return new LastGoodSet(configFile.toAbsolutePath().toString(), configText, rules, Instant.now().toString());
    }

    /** The config as it read then, its relative paths taken from its file's folder as then. */
    public Config config() {
        return ConfigReader.parse(Path.of(configFile), configText);
    }

    /** Where the set for this config file is kept in the rule cache's folder. */
    static Path file(Path folder, Path configFile) {
        String name = configFile.toAbsolutePath().toString();
        return folder.resolve("last-good-" + RuleCache.sha256(name.getBytes(StandardCharsets.UTF_8)).substring(0, 16)
                + ".json");
    }

    /**
     * Keeps this set in the folder, unless the same config and rules are kept there already (a
     * start writes nothing when nothing changed).
     *
     * @return why it could not be kept, or null
     */
    public String keepIn(Path folder) {
        Path file = file(folder, Path.of(configFile));
        LastGoodSet before = read(folder, Path.of(configFile));
        if (before != null && before.configText.equals(configText) && before.rules.equals(rules)) {
            return null;
        }
        try {
            Path temporary = Files.createTempFile(folder, ".last-good-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                JSON.writeValue(temporary.toFile(), this);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return null;
        } catch (IOException e) {
            return file + ": the last good config and rules are not kept: " + e.getMessage();
        }
    }

    /** The set kept for this config file, or null when none is (or it does not read: then none is used). */
    public static LastGoodSet read(Path folder, Path configFile) {
        try {
            LastGoodSet set = JSON.readValue(file(folder, configFile).toFile(), LastGoodSet.class);
            return set.configText == null || set.kept == null ? null : set;
        } catch (IOException | RuntimeException e) {
            return null; // none kept, or not one this version wrote: decided as without one
        }
    }
}
