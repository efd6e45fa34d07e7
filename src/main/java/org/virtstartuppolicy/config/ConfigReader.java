package org.virtstartuppolicy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
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
        if (file == null) {
            return Config.DEFAULTS;
        }
        String text = "";
        try {
            text = Files.readString(file);
            Config plain = PlainConfig.read(text);
            Config config = plain != null ? plain : Strict.YAML.readValue(text, Config.class);
            if (config == null) {
                return Config.DEFAULTS;
            }
            if (config.context() != null && !CONTEXTS.contains(config.context())) {
                throw new ToolError(file + ":" + lineOf(text, List.of("context")) + ": wrong value for 'context': '"
                        + config.context() + "' (expected " + String.join(", ", CONTEXTS) + ")");
            }
            return config.resolvedAgainst(file.toAbsolutePath().getParent());
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such config file");
        } catch (UnrecognizedPropertyException e) {
            throw new ToolError(file + ":" + lineOf(text, keys(e)) + ": unknown key '" + keyPath(e) + "'");
        } catch (MismatchedInputException e) {
            throw new ToolError(file + ":" + lineOf(text, keys(e)) + ": wrong value for '" + keyPath(e) + "': "
                    + e.getOriginalMessage().split("\n")[0]);
        } catch (JacksonException e) {
            throw new ToolError(file + ":" + line(e.getLocation()) + ": not valid YAML: "
                    + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read: " + e.getMessage());
        }
    }

    private static String line(JsonLocation location) {
        return location == null ? "?" : String.valueOf(location.getLineNr());
    }

    /** The config as the data binding alone reads it, for tests that compare it with {@link PlainConfig}. */
    static Config readByDataBinding(String text) throws IOException {
        return Strict.YAML.readValue(text, Config.class);
    }

    private static int lineOf(String text, List<String> keys) {
        return new YamlKeyLines(text).lineOf(0, keys);
    }

    private static List<String> keys(MismatchedInputException e) {
        return e.getPath().stream().map(JsonMappingException.Reference::getFieldName).toList();
    }

    private static String keyPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }
}
