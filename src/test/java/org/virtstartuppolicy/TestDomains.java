package org.virtstartuppolicy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.DiskDecision;
import org.virtstartuppolicy.domain.Domain;
import org.virtstartuppolicy.domain.DomainXmlReader;
import org.virtstartuppolicy.evaluation.Evaluation;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.image.ChainWalker;
import org.virtstartuppolicy.image.DiskInspector;
import org.virtstartuppolicy.image.LocalHost;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.image.StoragePool;
import org.virtstartuppolicy.image.StoragePools;
import org.virtstartuppolicy.rules.PolicyRules;
import org.virtstartuppolicy.rules.RuleFile;
import org.virtstartuppolicy.rules.RuleFiles;

/** Domain XML as {@code virsh dumpxml} prints it, and evaluation of it with the real baseline rules. */
public final class TestDomains {
    private static PolicyRules baseline;

    private TestDomains() {
    }

    /** The baseline rules, compiled once for the whole test run. */
    public static synchronized PolicyRules baselineRules() {
        if (baseline == null) {
            baseline = PolicyRules.compile(RuleFiles.baseline());
        }
        return baseline;
    }

    public static String domain(String... disks) {
        return """
                <domain type='kvm'>
                  <name>guest</name>
                  <uuid>6f0c9f8e-3b1a-4c55-9d0e-2a7b1c4d5e6f</uuid>
                  <memory unit='KiB'>2097152</memory>
                  <currentMemory unit='KiB'>2097152</currentMemory>
                  <vcpu placement='static'>2</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                """ + String.join("", disks) + """
                    <controller type='sata' index='0'>
                      <address type='pci' domain='0x0000' bus='0x00' slot='0x1f' function='0x2'/>
                    </controller>
                    <interface type='network'>
                      <mac address='52:54:00:12:34:56'/>
                      <source network='default'/>
                      <model type='virtio'/>
                    </interface>
                  </devices>
                </domain>
                """;
    }

    /**
     * A {@code <disk>} whose source is a path ({@code type} file or block).
     *
     * @param policy the startupPolicy attribute, or null for none
     */
    public static String disk(String type, String device, String format, String path, String policy, String target) {
        String bus = switch (device) {
            case "cdrom" -> "sata";
            case "floppy" -> "fdc";
            case "lun" -> "scsi";
            default -> "virtio";
        };
        String attribute = "block".equals(type) ? "dev" : "file";
        return "    <disk type='" + type + "' device='" + device + "'>\n"
                + "      <driver name='qemu' type='" + format + "'/>\n"
                + (path == null && policy == null ? ""
                        : "      <source" + (path == null ? "" : " " + attribute + "='" + path + "'")
                                + (policy == null ? "" : " startupPolicy='" + policy + "'") + "/>\n")
                + "      <target dev='" + target + "' bus='" + bus + "'/>\n"
                + ("cdrom".equals(device) || "floppy".equals(device) ? "      <readonly/>\n" : "")
                + "    </disk>\n";
    }

    public static Domain parse(String xml) {
        return new DomainXmlReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    public static Decision evaluate(String xml, StartContext context) {
        return evaluate(xml, context, QemuUser.current(), Map.of());
    }

    public static Decision evaluate(String xml, StartContext context, QemuUser user, Map<String, StoragePool> pools) {
        return Evaluation.of(Config.DEFAULTS, baselineRules(), inspector(user, pools), true).decide(parse(xml), context);
    }

    /** This machine's files as QEMU's account {@code user} reaches them, with these pools and nothing of libvirt's. */
    public static DiskInspector inspector(QemuUser user, Map<String, StoragePool> pools) {
        return new DiskInspector(new LocalHost(user, null), ChainWalker.DEFAULT_MAX_DEPTH, StoragePools.of(pools), true);
    }

    /** The baseline plus site rule files, compiled once per combination for the whole test run. */
    public static synchronized PolicyRules rulesWith(Path... siteRules) {
        return compiled.computeIfAbsent(List.of(siteRules), files -> {
            List<RuleFile> all = new ArrayList<>(RuleFiles.baseline());
            files.forEach(file -> all.addAll(RuleFiles.load(file)));
            return PolicyRules.compile(all);
        });
    }

    private static final Map<List<Path>, PolicyRules> compiled = new HashMap<>();

    /** Evaluates with site rules and the config's {@code site:} parameters. */
    public static Decision evaluate(String xml, StartContext context, PolicyRules rules, Map<String, Object> site) {
        Config config = new Config(null, null, null, null, null, null, null, site, null);
        return Evaluation.of(config, rules, inspector(QemuUser.current(), Map.of()), true).decide(parse(xml), context);
    }

    public static DiskDecision disk(Decision decision, String target) {
        return decision.disks().stream().filter(d -> target.equals(d.disk().target())).findFirst()
                .orElseThrow(() -> new AssertionError("no disk " + target + " in " + decision.disks()));
    }

    public static List<String> errorMessages(Decision decision) {
        return decision.errors().stream().map(e -> e.message()).toList();
    }
}
