package org.virtstartuppolicy.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.host.Guest;
import org.virtstartuppolicy.host.LibvirtGuests;
import org.virtstartuppolicy.decision.SitePolicyDefinition;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleLint;
import picocli.CommandLine.Command;
import org.virtstartuppolicy.install.Finding;
import org.virtstartuppolicy.install.Installation;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Reads the config and compiles the rules in force, as evaluate would, and reports every"
                + " problem as FILE:LINE: message. Says which site rules take effect only on a restore or a migration,"
                + " and which guests' definitions (libvirt's files in /etc/libvirt/qemu) do not carry the policy the site"
                + " claims for them, so that libvirt would not apply it on a cold boot: run apply for those.",
                "Exit status: 0 all is well, 1 a guest's definition disagrees with the site's policy, 2 a problem.",
                "--host: the installation instead, one line each, with the fix: the hook in libvirt's folder, the off"
                        + " switch, the config, the rules and the hook's fail-safe, the decision log, the state and cache"
                        + " folders, the decision service, libvirt's version. Exit status: 0 all is well, 1 something"
                        + " would refuse a start, let one go on unchecked or lose a decision, 2 it cannot tell."})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Option(names = "--host", description = "Check this host's installation (under --root: libvirt's hook folder there).")
    private boolean installation;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (installation) {
            List<Finding> findings = new Installation(host.selection().fileSystem(), ConfigOption.locate(config)).check();
            findings.forEach(finding -> spec.commandLine().getOut().println(finding.line()));
            return Finding.exitCode(findings);
        }
        List<String> problems = new ArrayList<>();
        Config settings = Config.DEFAULTS;
        try {
            settings = config.read();
        } catch (ToolError e) {
            problems.addAll(e.problems());
        }
        List<RuleFile> files = List.of();
        PolicyRules compiled = null;
        try {
            files = rules.inForce(settings);
            compiled = PolicyRules.compile(files);
        } catch (ToolError e) {
            problems.addAll(e.problems());
        }
        problems.forEach(spec.commandLine().getErr()::println);
        if (!problems.isEmpty()) {
            return ToolError.EXIT_CODE;
        }
        spec.commandLine().getOut().println("ok: " + files.size() + " rule files compile");
        RuleLint.dropsOnlyOnRestore(files).forEach(note -> spec.commandLine().getOut().println("note: " + note));
        return guests(settings, compiled);
    }

    /** Each persistent guest whose definition does not say what the site claims, with the command that writes it. */
    private int guests(Config settings, PolicyRules compiled) {
        List<String> unreadable = new ArrayList<>();
        HostSelection selection = host.selection();
        List<DomainSource> definitions = new ArrayList<>();
        for (Guest guest : LibvirtGuests.read(selection.fileSystem(), EvaluationLimits.of(settings).domainXmlBytes())) {
            if (guest.unreadable() != null) {
                unreadable.add(guest.unreadable());
            } else if (guest.persistent() != null) {
                definitions.add(guest.persistent());
            }
        }
        unreadable.forEach(why -> spec.commandLine().getErr().println("virt-startup-policy: " + why));
        int worst = unreadable.isEmpty() ? 0 : ToolError.EXIT_CODE;
        if (definitions.isEmpty()) {
            return worst;
        }
        Evaluation evaluation = Evaluation.of(settings, compiled, null, selection, null);
        for (DomainSource definition : definitions) {
            try {
                String guest = definition.domain().name();
                SitePolicyDefinition applied = SitePolicyDefinition.of(
                        evaluation.decide(definition.domain(), StartContext.COLD_BOOT), definition);
                for (SitePolicyDefinition.Change change : applied.changes()) {
                    spec.commandLine().getOut().println("guest " + guest + ": " + change.describe() + " is the site's"
                            + " policy, not the definition's, so libvirt does not apply it on a cold boot: run"
                            + " virt-startup-policy apply " + guest);
                    worst = Math.max(worst, 1);
                }
            } catch (ToolError e) {
                spec.commandLine().getErr().println("virt-startup-policy: " + definition.name() + ": " + e.getMessage());
                worst = ToolError.EXIT_CODE;
            }
        }
        return worst;
    }
}
