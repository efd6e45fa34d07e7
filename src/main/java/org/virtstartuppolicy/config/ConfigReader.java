package org.virtstartuppolicy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.facts.StartContext;

/** Reads the YAML configuration strictly: an unknown key or a wrong type names the key and the line. */
public final class ConfigReader {
    /**
     * Built on first use, so that running without a config costs no YAML start-up, and one that
     * is plainly right ({@link PlainConfig}) none of the data binding's.
     */
    private static final class Strict {
        static final ObjectMapper YAML = YAMLMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    private static final List<String> CONTEXTS = Arrays.stream(StartContext.values()).map(StartContext::getLabel).toList();

    private ConfigReader() {
    }

    /** Where the config is looked for when no {@code --config} is given, after the environment variable. */
    public static final Path SYSTEM_CONFIG = Path.of("/etc/virt-startup-policy/config.yaml");
    public static final String ENVIRONMENT_VARIABLE = "VIRT_STARTUP_POLICY_CONFIG";

    /**
     * The config in force: {@code --config}, else {@code $VIRT_STARTUP_POLICY_CONFIG}, else
     * {@code /etc/virt-startup-policy/config.yaml} when it exists, else the built-in defaults.
     */
    public static Config find(Path option) {
        return read(locate(option, System.getenv(ENVIRONMENT_VARIABLE), SYSTEM_CONFIG));
    }

    /** The file {@link #find} reads for this option, or null for the built-in defaults. */
    public static Path locate(Path option) {
        return locate(option, System.getenv(ENVIRONMENT_VARIABLE), SYSTEM_CONFIG);
    }

    /** The file {@link #find} reads, or null for the defaults. */
    static Path locate(Path option, String environment, Path systemConfig) {
        if (option != null) {
            return option;
        }
        if (environment != null && !environment.isBlank()) {
            return Path.of(environment);
        }
        return Files.exists(systemConfig) ? systemConfig : null;
    }

    /** The given file, or the built-in defaults when none is given; relative paths in it are taken from its folder. */
    public static Config read(Path file) {
        return file == null ? Config.DEFAULTS : parse(file, text(file));
    }

    /** The config file's text, as {@link #read} reads it. */
    public static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such config file");
        } catch (MalformedInputException e) {
            throw new ToolError(file + ": not a config file: not UTF-8 text");
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read: " + reason(e));
        }
    }

    /**
     * A config's text as if read from {@code file} (the hook's last good config is the text the
     * file once had): errors name that file, and relative paths are taken from its folder.
     */
    public static Config parse(Path file, String text) {
        Config plain = PlainConfig.read(text);
        Config config = plain != null ? plain : bound(file, text);
        if (config == null) {
            return Config.DEFAULTS;
        }
        if (config.context() != null && !CONTEXTS.contains(config.context())) {
            throw new ToolError(file + ":" + YamlKeyLines.of(file, text).lineOf(0, List.of("context"))
                    + ": wrong value for 'context': '" + config.context() + "' (expected " + String.join(", ", CONTEXTS)
                    + ")");
        }
        if (config.onError() != null && !Config.ON_ERROR.contains(config.onError())) {
            throw new ToolError(file + ":" + YamlKeyLines.of(file, text).lineOf(0, List.of("onError"))
                    + ": wrong value for 'onError': '" + config.onError() + "' (expected refuse or allow)");
        }
        return config.resolvedAgainst(file.toAbsolutePath().getParent());
    }

    /** What the data binding reads, the text first checked as YAML, so that each error names its line. */
    private static Config bound(Path file, String text) {
        YamlKeyLines lines = YamlKeyLines.of(file, text);
        if (lines.isEmpty()) {
            return null; // only comments: the defaults
        }
        YamlKeyLines.KeyAt withoutValue = lines.keyWithoutValue();
        if (withoutValue != null) {
            throw new ToolError(file + ":" + withoutValue.line() + ": '" + withoutValue.key()
                    + "' has no value: write one after the ':', or leave the key out for its default");
        }
        try {
            return Strict.YAML.readValue(text, Config.class);
        } catch (JsonMappingException e) {
            throw new YamlBindingError(file, lines, 0).of(e);
        } catch (JacksonException e) {
            throw new ToolError(file + ":" + line(e.getLocation()) + ": not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : String.valueOf(e.getMessage());
    }

    private static String line(JsonLocation location) {
        return location == null ? "?" : String.valueOf(location.getLineNr());
    }

    /** The config as the data binding alone reads it, for tests that compare it with {@link PlainConfig}. */
    static Config readByDataBinding(String text) throws IOException {
        return Strict.YAML.readValue(text, Config.class);
    }
}
