package org.virtstartuppolicy.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.evaluation.HostInspection;
import org.virtstartuppolicy.evaluation.HostSelection;
import org.virtstartuppolicy.host.Dependents;
import org.virtstartuppolicy.host.Guest;
import org.virtstartuppolicy.host.LibvirtGuests;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.image.StoragePool;
import org.virtstartuppolicy.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "dependents", mixinStandardHelpOptions = true,
        description = {"What uses an image, a folder or an export: every guest disk (of the guests libvirt knows, each"
                + " for its next start, as host reads them) and every image file in libvirt's pools and in the folders"
                + " given with --in whose backing chain passes through PATH or anything under it, with the chain down"
                + " to it. A guest whose chain breaks before it reaches PATH is listed apart, and counted as a user when"
                + " a file that could be its missing one leads to PATH.",
                "Exit status: 0 nothing depends on it (safe to remove), 1 something does, 2 error."})
final class DependentsCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Images or folders (a folder, or a PATH ending in"
            + " /, for everything under it), as host paths.")
    private List<String> paths;

    @Option(names = "--in", paramLabel = "DIR", description = "A folder of images to look at too, besides the pools';"
            + " repeatable.")
    private List<String> folders = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, yaml or html (one self-contained page: the tree from PATH up to every image and"
                    + " guest disk that uses it; default: ${DEFAULT-VALUE}).")
    private PageOrDocument output;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        Config settings = config.read();
        HostSelection plain = host.selection();
        HostSelection selection = new HostSelection(plain.root(), plain.asUser(), true);
        // written as --assume-missing writes them: a folder stands for what is under it
        List<String> asked = new WhatIfOptions.Paths("PATH", selection).of(paths);
        DiskInspector inspector = HostInspection.of(settings, selection);
        List<Domain> domains = new ArrayList<>();
        boolean unreadable = false;
        for (Guest guest : LibvirtGuests.read(selection.fileSystem(), EvaluationLimits.of(settings).domainXmlBytes())) {
            try {
                if (guest.unreadable() != null) {
                    throw new ToolError(guest.unreadable());
                }
                if (guest.startDefinition() != null) {
                    domains.add(guest.startDefinition().domain());
                }
            } catch (ToolError e) {
                spec.commandLine().getErr().println("virt-startup-policy: " + e.getMessage());
                unreadable = true;
            }
        }
        Set<String> images = new LinkedHashSet<>();
        for (StoragePool pool : inspector.pools().byName().values()) {
            if (pool.volumePath("x") != null) {
                images.addAll(inspector.imagesIn(pool.path()));
            }
        }
        for (String folder : folders) {
            images.addAll(inspector.imagesIn(folder));
        }
        Dependents dependents = Dependents.of(asked, domains, List.copyOf(images), inspector);
        spec.commandLine().getOut().print(output == PageOrDocument.HTML ? Report.page(dependents)
                : Report.of(dependents, output.document()));
        spec.commandLine().getOut().flush();
        return unreadable ? ToolError.EXIT_CODE : dependents.anything() ? 1 : 0;
    }
}
