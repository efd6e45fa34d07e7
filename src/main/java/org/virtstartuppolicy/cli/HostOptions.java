package org.virtstartuppolicy.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.HostInspection;
import org.virtstartuppolicy.decision.DomainEvaluator;
import org.virtstartuppolicy.image.ChainInspector;
import org.virtstartuppolicy.rules.PolicyRules;
import picocli.CommandLine.Option;

/** The options that say which host is inspected and as whom; shared by the commands that read images. */
final class HostOptions {
    @Option(names = "--root", paramLabel = "DIR",
            description = "Look every absolute path (images, /etc for QEMU's account, libvirt's pool files) up under DIR:"
                    + " a host's file system mounted elsewhere.")
    private Path root;

    @Option(names = "--as-user", paramLabel = "UID:GID",
            description = "Judge file access for this user and group instead of QEMU's configured account.")
    private String asUser;

    private Path checkedRoot() {
        if (root != null && !Files.isDirectory(root)) {
            throw new ToolError(root + ": --root must name a folder");
        }
        return root;
    }

    /** The host's file system, or null for this machine's own. */
    Path root() {
        return checkedRoot();
    }

    /** {@code UID:GID} to judge access for, or null for QEMU's account. */
    String asUser() {
        return asUser;
    }

    ChainInspector inspector(Config settings) {
        return HostInspection.of(settings, checkedRoot(), asUser);
    }

    DomainEvaluator evaluator(PolicyRules rules, Config settings) {
        return HostInspection.evaluator(rules, settings, checkedRoot(), asUser);
    }
}
