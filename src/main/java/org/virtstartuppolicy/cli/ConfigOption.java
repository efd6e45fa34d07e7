package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import picocli.CommandLine.Option;

/** {@code --config FILE}, else the environment variable, else the system file, else the defaults. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The YAML configuration (default: $"
            + ConfigReader.ENVIRONMENT_VARIABLE + ", else /etc/virt-startup-policy/config.yaml if it exists).")
    private Path file;

    /** The config file in force, or null for the built-in defaults. */
    static Path locate(ConfigOption option) {
        return ConfigReader.locate(option.file);
    }

    Config read() {
        return ConfigReader.find(file);
    }
}
