package org.virtstartuppolicy.hook;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.virtstartuppolicy.config.ConfigReader;

/**
 * The hook's off switch: a file named {@code hook-off} beside the config. While it is there the
 * hook lets every start go on untouched (and logs that it did), whatever the config says: it
 * works when the config itself is what is broken.
 */
public record HookSwitch(Path file) {
    public static final String NAME = "hook-off";

    /** The switch for this config file, or for the system config's folder when there is none. */
    public static HookSwitch beside(Path configFile) {
        Path folder = (configFile == null ? ConfigReader.SYSTEM_CONFIG : configFile.toAbsolutePath()).getParent();
        return new HookSwitch(folder.resolve(NAME));
    }

    public boolean isOff() {
        return Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** What the log and standard error say of a start let go on while the switch is on. */
    public String because() {
        return "not checked: the hook is off (" + file + " exists; remove it to turn the hook on)";
    }
}
