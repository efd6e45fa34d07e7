package org.virtstartuppolicy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;
import picocli.CommandLine.Option;

/** {@code --rules PATH}…: site rules added on top of those the config puts in force. */
final class RuleOptions {
    @Option(names = {"-r", "--rules"}, paramLabel = "PATH",
            description = "A DRL file, or a folder of them (every *.drl in it), added on top of the rules in force"
                    + " (the baseline and the config's rules.site); repeatable.")
    private List<Path> rules = new ArrayList<>();

    /**
     * The rules in force, read (not compiled). A folder named here with no rule file in it is an
     * error: it is surely a wrong folder. One in the config's {@code rules.site} may be empty, as
     * a host's site rules folder is before its first rule.
     */
    List<RuleFile> inForce(Config config) {
        List<RuleFile> files = new ArrayList<>(RuleFiles.inForce(config.baselineRules(), config.siteRules()));
        for (Path path : rules) {
            List<RuleFile> added = RuleFiles.load(path);
            if (added.isEmpty()) {
                throw new ToolError(path + ": no rule files (*.drl) in the folder");
            }
            files.addAll(added);
        }
        return files;
    }
}
