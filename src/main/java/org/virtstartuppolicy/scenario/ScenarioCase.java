package org.virtstartuppolicy.scenario;

import java.nio.file.Path;

/** A scenario and where it was written: its file and the line it starts on. */
public record ScenarioCase(Scenario scenario, Path file, int line) {
    /** {@code FILE:LINE}, for messages and reports. */
    public String location() {
        return file + ":" + line;
    }
}
