package org.virtstartuppolicy.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.domain.DomainSource;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.libvirt.Virsh;
import org.virtstartuppolicy.decision.SitePolicyDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Writes the startupPolicy the site's rules claim for each disk into libvirt's persistent"
                + " definition of each guest, through libvirt (virsh dumpxml --inactive --security-info, then virsh"
                + " define): only the startupPolicy attributes change. libvirt's own check then carries out the site's"
                + " policy on every start, a cold boot and a snapshot revert included, which the hook cannot change.",
                "Exit status: 0 done (or nothing to change), 1 with --dry-run: changes are pending, 2 the tool cannot"
                        + " do it (named on one line per guest; the other guests are still done)."})
final class ApplyCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "GUEST", description = "The guests, by name (or --all).")
    private List<String> guests = List.of();

    @Option(names = "--all", description = "Every guest libvirt keeps a persistent definition of.")
    private boolean all;

    @Option(names = "--dry-run", description = "Print the change of each definition as a unified diff, and change nothing.")
    private boolean dryRun;

    @Option(names = "--connect", paramLabel = "URI", description = "libvirt's connection URI (virsh --connect), e.g."
            + " qemu:///system (default: virsh's).")
    private String connect;

    @Mixin
    private RuleOptions rules;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (all == !guests.isEmpty()) {
            throw new ToolError(all ? "give guests or --all, not both" : "missing 'GUEST' (or --all)");
        }
        Config settings = config.read();
        Virsh virsh = new Virsh(connect);
        List<String> names = all ? virsh.persistentGuests() : guests;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path log = dryRun || settings.decisionLog() == null ? null : Path.of(settings.decisionLog());
        int worst = 0;
        try (Evaluation evaluation = Evaluation.open(settings, rules.inForce(settings), HostSelection.THIS_MACHINE, log,
                why -> err.println("virt-startup-policy: " + why))) {
            for (String guest : names) {
                try {
                    worst = Math.max(worst, apply(guest, virsh, evaluation, out));
                } catch (ToolError e) {
                    err.println("virt-startup-policy: " + guest + ": " + e.getMessage());
                    worst = ToolError.EXIT_CODE;
                }
                out.flush();
            }
        }
        return worst;
    }

    /** @return 1 when a dry run found changes, else 0 */
    private int apply(String guest, Virsh virsh, Evaluation evaluation, PrintWriter out) {
        DomainSource source = new DomainSource(null, "guest " + guest + " (libvirt's persistent definition)",
                virsh.persistentDefinition(guest));
        // the policies the site claims do not depend on the start: a cold boot is what they are written for
        Decision decision = evaluation.decide(source.domain(), StartContext.COLD_BOOT);
        SitePolicyDefinition applied = SitePolicyDefinition.of(decision, source);
        if (applied.changes().isEmpty()) {
            out.println(guest + ": its definition already carries the site's policy");
            return 0;
        }
        if (dryRun) {
            List<String> before = source.text().lines().toList();
            UnifiedDiffUtils.generateUnifiedDiff(guest + " (libvirt's definition)", guest + " (with the site's policy)",
                    before, DiffUtils.diff(before, applied.xml().lines().toList()), 2).forEach(out::println);
            return 1;
        }
        define(virsh, guest, applied.xml());
        applied.changes().forEach(change -> out.println(guest + ": " + change.describe()));
        if (evaluation.decisionLog() != null) {
            evaluation.decisionLog().appendApplied(guest, decision.domain().uuid(), applied.changes());
        }
        return 0;
    }

    /** Through a file only root may read: a definition with --security-info holds secrets. */
    private static void define(Virsh virsh, String guest, String xml) {
        Path file = null;
        try {
            file = Files.createTempFile("virt-startup-policy-apply", ".xml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, xml);
            virsh.define(file);
        } catch (IOException e) {
            throw new ToolError("cannot write the definition to define: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a temporary file left behind is only that
                }
            }
        }
    }
}
