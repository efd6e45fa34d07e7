package org.virtstartuppolicy.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.virtstartuppolicy.ToolError;

/** Reads the YAML configuration strictly: an unknown key or a wrong type names the key and the line. */
public final class ConfigReader {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ConfigReader() {
    }

    /** The given file, or the built-in defaults when none is given. */
    public static Config read(Path file) {
        if (file == null) {
            return Config.DEFAULTS;
        }
        try {
            Config config = YAML.readValue(Files.readString(file), Config.class);
            return config == null ? Config.DEFAULTS : config;
        } catch (NoSuchFileException e) {
            throw new ToolError(file + ": no such config file");
        } catch (UnrecognizedPropertyException e) {
            throw new ToolError(file + ":" + line(e.getLocation()) + ": unknown key '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            throw new ToolError(file + ":" + line(e.getLocation()) + ": wrong value for '" + keyPath(e) + "': "
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

    private static String keyPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(reference.getFieldName() != null ? reference.getFieldName() : "[" + reference.getIndex() + "]");
        }
        return path.toString();
    }
}
