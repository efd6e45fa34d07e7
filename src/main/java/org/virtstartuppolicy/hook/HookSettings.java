package org.virtstartuppolicy.hook;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;

/**
 * What a hook call decides with, fail-safe: the config and the rules in force when they read and
 * compile (then kept as the {@link LastGoodSet}); when they do not, the last good set, and the
 * decision says so; with none kept, the config's {@code onError}: {@code refuse} (the error, as
 * libvirt then shows it) or {@code allow} (the start goes on untouched), as a Kubernetes
 * admission webhook's {@code failurePolicy} does.
 *
 * @param config    the config decided with, or null when nothing is decided
 * @param rules     the rules decided with, or null when nothing is decided
 * @param fallback  why the last good set decides rather than the files in force, or null
 * @param untouched why the start goes on undecided ({@code onError: allow}), or null when it is decided
 */
public record HookSettings(Config config, PolicyRules rules, String fallback, String untouched) {
    /** Read from the text of a config that does not read as a whole: the two settings the fail-safe needs. */
    private static final Pattern CACHE_DIR = Pattern.compile("(?m)^cacheDir:[ \\t]*[\"']?([^\"'#\\s]+)");
    private static final Pattern ON_ERROR_ALLOW = Pattern.compile("(?m)^onError:[ \\t]*[\"']?allow[\"']?[ \\t]*(#.*)?$");

    /** Whether the start is decided (else it goes on untouched, as {@link #untouched} says). */
    public boolean decides() {
        return rules != null;
    }

    /**
     * @param configFile the config file in force, or null for the built-in defaults
     * @param warnings   told why the rule cache or the last good set cannot be used
     * @throws ToolError the config's or the rules' problem, when nothing else may decide
     */
    public static HookSettings load(Path configFile, Consumer<String> warnings) {
        if (configFile == null) {
            return inForce(Config.DEFAULTS, warnings); // the packaged baseline alone: nothing to fall back from
        }
        String text = null;
        Config config = null;
        try {
            text = ConfigReader.text(configFile);
            config = ConfigReader.parse(configFile, text);
            List<RuleFile> files = RuleFiles.inForce(config.baselineRules(), config.siteRules());
            RuleCache cache = new RuleCache(config.ruleCache(), warnings);
            PolicyRules rules = cache.rulesFor(files);
            Path folder = cache.usableFolder();
            String notKept = folder == null ? null : LastGoodSet.of(configFile, text, files).keepIn(folder);
            if (notKept != null) {
                warnings.accept(notKept);
            }
            return new HookSettings(config, rules, null, null);
        } catch (ToolError broken) {
            return fallBack(configFile, text, config, broken, warnings);
        }
    }

    private static HookSettings inForce(Config config, Consumer<String> warnings) {
        List<RuleFile> files = RuleFiles.inForce(config.baselineRules(), config.siteRules());
        return new HookSettings(config, new RuleCache(config.ruleCache(), warnings).rulesFor(files), null, null);
    }

    /** The last good set, else onError, for a config (read, or only its text, or nothing) whose set does not work. */
    private static HookSettings fallBack(Path configFile, String text, Config config, ToolError broken,
                                         Consumer<String> warnings) {
        String problem = broken.problems().get(0) + (broken.problems().size() > 1
                ? " (and " + (broken.problems().size() - 1) + " more)" : "");
        Path folder = new RuleCache(config != null ? config.ruleCache() : cacheDir(configFile, text), warnings)
                .usableFolder();
        LastGoodSet last = folder == null ? null : LastGoodSet.read(folder, configFile);
        if (last != null) {
            try {
                Config kept = last.config();
                PolicyRules rules = new RuleCache(kept.ruleCache(), warnings).rulesFor(last.rules());
                return new HookSettings(kept, rules, "decided with the config and rules that last worked (kept "
                        + last.kept() + "), because " + problem, null);
            } catch (ToolError stale) {
                warnings.accept("the last good config and rules do not work either: " + stale.problems().get(0));
            }
        }
        boolean allow = config != null ? config.allowsOnError() : text != null && ON_ERROR_ALLOW.matcher(text).find();
        if (!allow) {
            throw broken;
        }
        return new HookSettings(config, null, null, "not checked: onError is allow, and " + problem);
    }

    /** The rule cache a config that does not read names, else the default one. */
    private static Path cacheDir(Path configFile, String text) {
        Matcher named = text == null ? null : CACHE_DIR.matcher(text);
        if (named == null || !named.find()) {
            return Config.DEFAULTS.ruleCache();
        }
        return configFile.toAbsolutePath().getParent().resolve(named.group(1));
    }
}
