package org.virtstartuppolicy.cli;

import org.virtstartuppolicy.report.OutputFormat;

/**
 * What {@code host} and {@code dependents} print: one of the documents every command prints, or
 * an HTML page, which only these commands (and {@code explain}) make.
 */
enum PageOrDocument {
    TEXT, JSON, YAML, HTML;

    /** The document format; not to be asked of {@link #HTML}. */
    OutputFormat document() {
        return OutputFormat.valueOf(name());
    }
}
