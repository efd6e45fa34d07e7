package org.virtstartuppolicy.config;

import java.nio.file.Path;
import org.virtstartuppolicy.decision.DomainEvaluator;
import org.virtstartuppolicy.image.ChainInspector;
import org.virtstartuppolicy.image.LibvirtPools;
import org.virtstartuppolicy.image.LocalHost;
import org.virtstartuppolicy.rules.PolicyRules;

/**
 * The one place where an evaluation is put together from the config and the command line, for
 * every command and the scenario runner alike: QEMU's account, whether libvirt relabels, and the
 * storage pools, from the host's own files with the config on top, and the site's parameters.
 */
public final class HostInspection {
    private HostInspection() {
    }

    /**
     * @param root   where the host's file system is mounted, or null for this machine's own
     * @param asUser {@code UID:GID} to judge access for instead of QEMU's account, or null
     */
    public static DomainEvaluator evaluator(PolicyRules rules, Config settings, Path root, String asUser) {
        return evaluator(rules, of(settings, root, asUser), settings);
    }

    /** With the inspection made before the rules were compiled ({@link #of}). */
    public static DomainEvaluator evaluator(PolicyRules rules, ChainInspector inspection, Config settings) {
        return new DomainEvaluator(rules, inspection, settings.siteParameters(), true, settings.evaluationLimits());
    }

    /** The inspection alone, for {@code inspect}. */
    public static ChainInspector of(Config settings, Path root, String asUser) {
        Path host = root == null ? Path.of("/") : root;
        QemuUserLookup lookup = new QemuUserLookup(host.resolve("etc"));
        return new ChainInspector(new LocalHost(lookup.find(asUser, settings), root), settings.maxChainDepth(),
                LibvirtPools.read(host).overriddenBy(settings.storagePools()), lookup.relabels(settings));
    }
}
