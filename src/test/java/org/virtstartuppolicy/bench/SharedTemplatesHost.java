package org.virtstartuppolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * Writes the guests and images of a made-up host for src/test/bench/host.sh: 20 templates
 * (DIR/templates/tNN/base.raw under mid.qcow2), and N guests of two disks each: vda an overlay of
 * template N mod 20, vdb an optional data disk of its own. Every 25th guest's data disk lost its
 * backing file, so that the host has guests that would lose a disk. Images go to DIR/images/,
 * definitions for {@code virsh define} to DIR/definitions/NAME.xml, the guests named
 * {@code vsp-bench-gNNNNNN}.
 *
 * <p>Usage: {@code SharedTemplatesHost DIR N}
 */
public final class SharedTemplatesHost {
    static final int TEMPLATES = 20;

    private SharedTemplatesHost() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int guests = Integer.parseInt(args[1]);
        for (int t = 0; t < TEMPLATES; t++) {
            Path template = Files.createDirectories(dir.resolve("templates").resolve(String.format("t%02d", t)));
            ImageWriter.write(template.resolve("base.raw"), ImageWriter.raw());
            ImageWriter.write(template.resolve("mid.qcow2"), ImageWriter.qcow2(3, "base.raw", "raw", null));
        }
        Path images = Files.createDirectories(dir.resolve("images"));
        Path definitions = Files.createDirectories(dir.resolve("definitions"));
        for (int i = 0; i < guests; i++) {
            String name = String.format("vsp-bench-g%06d", i);
            Path system = ImageWriter.write(images.resolve(name + "-vda.qcow2"), ImageWriter.qcow2(3,
                    dir.resolve("templates").resolve(String.format("t%02d", i % TEMPLATES)).resolve("mid.qcow2").toString(),
                    "qcow2", null));
            Path data = ImageWriter.write(images.resolve(name + "-vdb.qcow2"),
                    i % 25 == 5 ? ImageWriter.qcow2(3, name + "-gone.raw", "raw", null) : ImageWriter.qcow2(3, null, null, null));
            Files.writeString(definitions.resolve(name + ".xml"), "<domain type='qemu'>\n"
                    + "  <name>" + name + "</name>\n"
                    + "  <memory unit='MiB'>64</memory>\n  <vcpu>1</vcpu>\n"
                    + "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n  <devices>\n"
                    + disk(system, "vda", "")
                    + disk(data, "vdb", " startupPolicy='optional'")
                    + "  </devices>\n</domain>\n");
        }
    }

    private static String disk(Path image, String target, String policy) {
        return "    <disk type='file' device='disk'>\n"
                + "      <driver name='qemu' type='qcow2'/>\n"
                + "      <source file='" + image + "'" + policy + "/>\n"
                + "      <target dev='" + target + "' bus='virtio'/>\n"
                + "    </disk>\n";
    }
}
