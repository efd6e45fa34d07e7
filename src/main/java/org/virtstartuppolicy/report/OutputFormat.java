package org.virtstartuppolicy.report;

/**
 * The ways results can be printed; {@link Report} prints them. A plain enum, so that the command
 * line can list its values without loading any serialiser.
 */
public enum OutputFormat {
    TEXT, JSON, YAML
}
