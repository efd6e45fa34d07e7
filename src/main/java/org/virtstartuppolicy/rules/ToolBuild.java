package org.virtstartuppolicy.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which build of the tool is running: its version, and a digest of everything the build put
 * into its classes folder (every class, every packaged rule, the baseline's executable model) and
 * of the names of the jars it was built with (Drools' among them, with their versions), written
 * there at build time by {@link Precompile}. Compiled rules are tied to it: a rebuilt tool
 * never reads rules compiled by another build, even under the same version number.
 */
final class ToolBuild {
    static final String RESOURCE = "virt-startup-policy.build";

    private static final Properties PROPERTIES = read();
    private static final String ID = PROPERTIES == null || PROPERTIES.getProperty("version") == null
            || PROPERTIES.getProperty("build") == null ? null
            : PROPERTIES.getProperty("version") + "+" + PROPERTIES.getProperty("build");

    private ToolBuild() {
    }

    /** {@code VERSION+DIGEST}, or null when this copy of the tool was not built by its build (an IDE's classes). */
    static String id() {
        return ID;
    }

    private static Properties read() {
        try (InputStream in = ToolBuild.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the packaged " + RESOURCE, e);
        }
    }
}
