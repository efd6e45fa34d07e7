package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.virtstartuppolicy.conformance.GuestImages.Chain;

/**
 * Runs one case: writes the images whole, defines the guest, does what the start context needs
 * while the guest is whole, breaks the disk, asks the tool about the XML libvirt is about to
 * start (with the files exactly as they are then), lets libvirt start it, and compares.
 */
final class CaseRunner {
    private final ConformanceHost host;

    CaseRunner(ConformanceHost host) {
        this.host = host;
    }

    CaseResult run(ConformanceCase conformanceCase) {
        try {
            return compare(conformanceCase);
        } catch (IOException | RuntimeException e) {
            return CaseResult.notRun(conformanceCase, e);
        }
    }

    private CaseResult compare(ConformanceCase conformanceCase) throws IOException {
        if (host.closed()) {
            throw new IllegalStateException("the run is being stopped");
        }
        String guest = conformanceCase.guest();
        Path folder = host.scratch().resolve(guest);
        GuestStart start = conformanceCase.start();
        try (GuestImages images = new GuestImages(folder)) {
            Chain chain = images.write(conformanceCase.breakage().layoutFor(conformanceCase.device()),
                    conformanceCase.device().onLoopDevice());
            Path definition = Files.writeString(folder.resolve("definition.xml"), GuestDefinition.of(guest,
                    images.systemDisk(), conformanceCase.device().xml(chain.top(), chain.format(), conformanceCase.policy())));
            if (conformanceCase.device() == Device.VOLUME) {
                // the volume's own dir pool, defined and started as an operator would
                String pool = Device.pool(chain.top());
                HostCommand.virsh("pool-define-as", pool, "dir", "--target", chain.top().getParent().toString()).orThrow();
                HostCommand.virsh("pool-start", pool).orThrow();
            }
            HostCommand defined = HostCommand.virsh("define", definition.toString());
            if (!defined.succeeded()) {
                // Nothing to start: the tool judges the definition libvirt refused.
                conformanceCase.breakage().apply(chain);
                ToolDecision tool = ToolDecision.evaluate(definition, start.context);
                return CaseResult.compare(conformanceCase, LiveOutcome.definitionRefused(defined.libvirtError()), tool);
            }
            ToolDecision tool;
            HostCommand startCommand;
            String liveXml = null;
            try {
                start.prepare(guest, folder);
                conformanceCase.breakage().apply(chain);
                Path aboutToStart = Files.writeString(folder.resolve("about-to-start.xml"),
                        start.definitionAboutToBeUsed(guest, folder));
                tool = ToolDecision.evaluate(aboutToStart, start.context);
                startCommand = start.start(guest, folder);
                if (startCommand.succeeded()) {
                    liveXml = HostCommand.virsh("dumpxml", guest).orThrow().out();
                }
            } finally {
                host.removeGuest(guest);
            }
            List<DiskEvent> events = host.events().ofUndefined(guest);
            return CaseResult.compare(conformanceCase, LiveOutcome.of(startCommand, liveXml, events, qemuLog(guest)), tool);
        }
    }

    /** The guest's QEMU log, as virtlogd keeps it after the guest is gone; "" when there is none. */
    private static String qemuLog(String guest) {
        try {
            return Files.readString(Path.of("/var/log/libvirt/qemu", guest + ".log"));
        } catch (IOException e) {
            return "";
        }
    }
}
