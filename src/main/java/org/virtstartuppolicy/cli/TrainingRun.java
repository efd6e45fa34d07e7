package org.virtstartuppolicy.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * The launcher's training run, never a user's: runs the commands a host runs (evaluate in every
 * output, a batch, the hook's calls, inspect, check, host with and without assumptions, dependents,
 * explain, host and explain as pages; the baseline alone, built from its executable model, and a
 * site rule compiled and then read from the cache) on a small made-up host in a temporary folder,
 * printing nothing, so that the JVM can record every class they load into the launcher's
 * class-data-sharing archive. Each command must end as it does for a user (its exit status): a
 * training that fails says which command and exits 1, and the build fails with it.
 * Everything it writes stays in that folder and is deleted.
 */
public final class TrainingRun {
    private TrainingRun() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("virt-startup-policy-training");
        List<String> failures;
        try {
            failures = train(dir);
        } finally {
            delete(dir);
        }
        failures.forEach(failure -> System.err.println("virt-startup-policy: training run: " + failure));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /** @return one line per command that did not end as it should */
    private static List<String> train(Path dir) throws IOException {
        Path images = writeImages(dir.resolve("images"));
        // a host file system for host and dependents (--root): the guest's definition where libvirt keeps it
        Path root = dir.resolve("root");
        writeImages(root.resolve("images"));
        QemuUser me = QemuUser.current();
        Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid()
                + "}\ncacheDir: cache\nstateDir: state\ndecisionLog: decisions.jsonl\nlogEvaluate: true\npools:\n  default: {path: " + images
                + "}\nsite:\n  optionalPrefixes: [" + images + "]\n");
        Path site = Files.writeString(dir.resolve("site.drl"), """
                package site.training;
                import org.virtstartuppolicy.domain.Device;
                import org.virtstartuppolicy.facts.Action;
                import org.virtstartuppolicy.facts.ActionOverride;
                import org.virtstartuppolicy.facts.DiskAction;
                import org.virtstartuppolicy.facts.DiskFact;
                import org.virtstartuppolicy.facts.OverrideKind;
                import org.virtstartuppolicy.facts.Policy;
                import org.virtstartuppolicy.facts.PolicyClaim;

                rule "Training: media are optional"
                    ruleflow-group "site-policy"
                when
                    $disk : DiskFact(device in (Device.CDROM, Device.FLOPPY), startupPolicy == null)
                then
                    insert(new PolicyClaim($disk, Policy.OPTIONAL, "training"));
                end

                rule "Training: an optional disk missing its backing file fails"
                    ruleflow-group "site-action"
                when
                    $disk : DiskFact(device == Device.DISK)
                    DiskAction(disk == $disk, action == Action.REMOVE)
                then
                    insert(new ActionOverride($disk, OverrideKind.FAIL, "training"));
                end
                """);
        String guest = guest(images);
        Files.writeString(Files.createDirectories(root.resolve("etc/libvirt/qemu")).resolve("training.xml"),
                guest(Path.of("/images")));
        Path guests = Files.createDirectories(dir.resolve("guests"));
        Path one = Files.writeString(guests.resolve("one.xml"), guest);
        Files.writeString(guests.resolve("two.xml"), guest.replace("<name>training</name>", "<name>training2</name>"));
        Files.createDirectories(dir.resolve("effective"));
        String cfg = config.toString();

        // each command with the exit status it must end with: the guest has a missing medium and
        // an optional disk missing its backing file, so libvirt's table fails a cold boot
        Map<List<String>, Integer> runs = new LinkedHashMap<>();
        runs.put(List.of("evaluate", "--config", cfg, one.toString()), 1);
        runs.put(List.of("evaluate", "--config", cfg, "--explain", "--output", "json", one.toString()), 1);
        runs.put(List.of("evaluate", "--config", cfg, "--explain", "--output", "yaml", one.toString()), 1);
        // the site rules are compiled and cached, then loaded from the cache
        runs.put(List.of("evaluate", "--config", cfg, "--rules", site.toString(), "--context", "restore",
                "--write-domain", dir.resolve("effective/one.xml").toString(), one.toString()), 1);
        runs.put(List.of("evaluate", "--config", cfg, "--rules", site.toString(), "--output", "json", one.toString()), 1);
        runs.put(List.of("evaluate", "--config", cfg, "--output", "json", guests.toString()), 1);
        runs.put(List.of("evaluate", "--config", cfg, guests.toString()), 1);
        runs.put(List.of("inspect", "--config", cfg, "--output", "json", images.resolve("top.qcow2").toString(),
                images.resolve("old.qcow2").toString()), 1);
        runs.put(List.of("inspect", "--config", cfg, images.resolve("top.qcow2").toString()), 0);
        runs.put(List.of("check", "--config", cfg), 0);
        String asMe = me.uid() + ":" + me.gid();
        runs.put(List.of("host", "--config", cfg, "--root", root.toString(), "--as-user", asMe), 1);
        runs.put(List.of("host", "--config", cfg, "--root", root.toString(), "--as-user", asMe, "--output", "json",
                "--assume-missing", "/images/"), 0); // it fails today already: nothing changes for the worse
        runs.put(List.of("dependents", "--config", cfg, "--root", root.toString(), "--as-user", asMe, "/images/mid.qcow2"), 1);
        runs.put(List.of("explain", "--decision-log", dir.resolve("decisions.jsonl").toString(), "--since", "1d"), 0);
        // pages: the template engine and the pages' own classes go into the archive too
        runs.put(List.of("host", "--config", cfg, "--root", root.toString(), "--as-user", asMe, "-o", "html"), 1);
        runs.put(List.of("explain", "--decision-log", dir.resolve("decisions.jsonl").toString(), "-o", "html"), 0);
        runs.put(List.of("--help"), 0);
        List<String> failures = new ArrayList<>();
        runs.forEach((args, wanted) -> check(args, wanted, run(args, null), failures));
        for (String operation : List.of("restore", "prepare", "migrate", "prepare", "prepare")) {
            // a restore and a migration eject the medium and fail the optional disk; a cold boot fails on both
            List<String> args = List.of("hook", "--config", cfg, "training", operation, "begin", "-");
            check(args, 1, run(args, guest), failures);
        }
        List<String> started = List.of("hook", "--config", cfg, "training", "started", "begin", "-");
        check(started, 0, run(started, guest), failures);
        return failures;
    }

    /** The made-up host's images, in a folder of their own. */
    private static Path writeImages(Path images) throws IOException {
        ImageWriter.write(images.resolve("base.raw"), ImageWriter.raw());
        ImageWriter.write(images.resolve("mid.qcow2"), ImageWriter.qcow2(3, "base.raw", "raw", null));
        ImageWriter.write(images.resolve("top.qcow2"), ImageWriter.qcow2(3, "mid.qcow2", "qcow2", null));
        ImageWriter.write(images.resolve("old.qcow2"), ImageWriter.qcow2(2, "gone.qcow2", "qcow2", null));
        ImageWriter.write(images.resolve("disk.qed"), ImageWriter.qed("base.raw", "raw"));
        ImageWriter.write(images.resolve("disk.vmdk"), ImageWriter.vmdkDescriptor(null));
        return images;
    }

    private static void check(List<String> args, int wanted, int got, List<String> failures) {
        if (got != wanted) {
            failures.add("'" + String.join(" ", args) + "' exited " + got + ", not " + wanted);
        }
    }

    /** Runs the command line as a user would, its output thrown away. */
    private static int run(List<String> args, String stdin) {
        InputStream in = System.in;
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
            return Main.commandLine().setOut(nowhere).setErr(nowhere).execute(args.toArray(String[]::new));
        } finally {
            System.setIn(in);
        }
    }

    /** A guest with a whole three-level chain, a chain missing its base, a missing medium and the other formats. */
    private static String guest(Path images) {
        return "<domain type='kvm'>\n  <name>training</name>\n  <uuid>0b7e9d4c-5a3f-4e21-8c6d-1f2a3b4c5d6e</uuid>\n"
                + "  <memory unit='KiB'>1048576</memory>\n  <os>\n    <type arch='x86_64'>hvm</type>\n"
                + "    <boot dev='hd'/>\n  </os>\n  <devices>\n"
                + disk("disk", "qcow2", images.resolve("top.qcow2"), null, "vda")
                + disk("disk", "qcow2", images.resolve("old.qcow2"), "optional", "vdb")
                + disk("disk", "qed", images.resolve("disk.qed"), null, "vdc")
                + disk("disk", "vmdk", images.resolve("disk.vmdk"), null, "vdd")
                + disk("cdrom", "raw", images.resolve("install.iso"), null, "sda")
                + "    <disk type='volume' device='disk'>\n      <driver name='qemu' type='raw'/>\n"
                + "      <source pool='default' volume='base.raw'/>\n      <target dev='vde' bus='virtio'/>\n"
                + "    </disk>\n"
                + "  </devices>\n</domain>\n";
    }

    private static String disk(String device, String format, Path source, String policy, String target) {
        return "    <disk type='file' device='" + device + "'>\n      <driver name='qemu' type='" + format + "'/>\n"
                + "      <source file='" + source + "'" + (policy == null ? "" : " startupPolicy='" + policy + "'")
                + "/>\n      <target dev='" + target + "' bus='" + ("cdrom".equals(device) ? "sata" : "virtio")
                + "'/>\n" + ("cdrom".equals(device) ? "      <readonly/>\n" : "") + "    </disk>\n";
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
