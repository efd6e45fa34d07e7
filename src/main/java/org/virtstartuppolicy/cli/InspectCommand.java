package org.virtstartuppolicy.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.evaluation.HostInspection;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.report.OutputFormat;
import org.virtstartuppolicy.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Prints each image's backing chain, as 'qemu-img info --backing-chain' does, and the first"
                + " problem on it, as libvirt would find it.",
                "Exit status: 0 every chain is whole, 1 any chain is broken, 2 usage error."})
final class InspectCommand implements Callable<Integer> {

    @Option(names = {"-f", "--format"}, paramLabel = "FMT",
            description = "The images' own format, as a domain's <driver type> gives it: raw, qcow2, qed, vmdk, iso, …"
                    + " (default: probed from the header).")
    private String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json (one object per image, one per line) or yaml (default: ${DEFAULT-VALUE}).")
    private OutputFormat output;

    @Mixin
    private ConfigOption config;

    @Mixin
    private HostOptions host;

    @Option(names = "--pools", description = "List the storage pools volume disks are looked up in: libvirt's"
            + " own pool files, with the config's pools on top, and where each came from.")
    private boolean listPools;

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "The top images whose backing chains to follow"
            + " (absolute paths are looked up under --root).")
    private List<String> images = List.of();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (images.isEmpty() && !listPools) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'IMAGE' (or --pools)");
        }
        Config settings = config.read();
        DiskInspector inspector = HostInspection.of(settings, host.selection());
        if (listPools) {
            spec.commandLine().getOut().print(Report.of(inspector.pools(), output));
        }
        boolean allWhole = true;
        for (int i = 0; i < images.size(); i++) {
            BackingChain chain = inspector.inspect(images.get(i), format);
            allWhole &= chain.isWhole();
            spec.commandLine().getOut().print((i > 0 && output == OutputFormat.TEXT ? "\n" : "")
                    + Report.of(images.get(i), chain, output, inspector.qemu()));
        }
        if (output == OutputFormat.TEXT && !images.isEmpty()) {
            spec.commandLine().getOut().print("\n" + Report.checkedAsText(inspector.qemu()));
        }
        spec.commandLine().getOut().flush();
        return allWhole ? 0 : 1;
    }
}
