package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;
import picocli.CommandLine.Option;

/** {@code --rules PATH}…: site rules added on top of those the config puts in force. */
final class RuleOptions {
    @Option(names = "--rules", paramLabel = "PATH",
            description = "A DRL file or a folder of them, added on top of the rules in force; repeatable.")
    private List<Path> rules = new ArrayList<>();

    List<RuleFile> inForce(Config config) {
        List<Path> site = new ArrayList<>(config.siteRules());
        site.addAll(rules);
        return RuleFiles.inForce(config.baselineRules(), site);
    }
}
