package org.virtstartuppolicy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.virtstartuppolicy.scenario.ImageWriter;

/**
 * Writes a made-up host for the benchmarks (src/test/bench/fast.sh): N guests of four qcow2
 * disks each, every disk a three-level chain (top.qcow2 → mid.qcow2 → base.raw, the top and middle
 * the disk's own, the base shared by the guest's disks), with real headers by the project's own
 * {@link ImageWriter}. Some chains are broken: in every tenth guest the optional vdb misses its
 * middle image (removed), in every fiftieth the mandatory vdc misses its base (the start fails).
 * Guests go to DIR/guests/gNNNNNN.xml, images to DIR/images/NNN/gNNNNNN/, and the top image of
 * every disk, one a line, to DIR/tops.txt (for qemu-img). With {@code libvirt}, DIR is a host's
 * root instead, as {@code host --root} reads one: the guests' definitions where libvirt keeps them
 * (DIR/etc/libvirt/qemu/), the images under DIR/var/lib/libvirt/images/, named by their host paths.
 *
 * <p>Usage: {@code BenchHost DIR N [libvirt]}
 */
public final class BenchHost {
    private BenchHost() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).toAbsolutePath();
        int guests = Integer.parseInt(args[1]);
        boolean libvirt = args.length > 2 && args[2].equals("libvirt");
        Path folder = Files.createDirectories(dir.resolve(libvirt ? "etc/libvirt/qemu" : "guests"));
        // where the images are as the guests name them, and where they are written
        Path named = libvirt ? Path.of("/var/lib/libvirt/images") : dir.resolve("images");
        Path written = libvirt ? dir.resolve("var/lib/libvirt/images") : named;
        List<String> tops = new ArrayList<>();
        for (int i = 0; i < guests; i++) {
            String name = String.format("g%06d", i);
            Path folderOf = Path.of(String.format("%03d", i / 1000), name);
            Path images = Files.createDirectories(written.resolve(folderOf));
            ImageWriter.write(images.resolve("base.raw"), ImageWriter.raw());
            StringBuilder disks = new StringBuilder();
            for (String target : List.of("vda", "vdb", "vdc", "vdd")) {
                boolean middleMissing = target.equals("vdb") && i % 10 == 3;
                boolean baseMissing = target.equals("vdc") && i % 50 == 7;
                String base = baseMissing ? "gone.raw" : "base.raw";
                if (!middleMissing) {
                    ImageWriter.write(images.resolve(target + "-mid.qcow2"), ImageWriter.qcow2(3, base, "raw", null));
                }
                Path top = ImageWriter.write(images.resolve(target + "-top.qcow2"),
                        ImageWriter.qcow2(3, target + "-mid.qcow2", "qcow2", null));
                String source = named.resolve(folderOf).resolve(top.getFileName()).toString();
                tops.add(source);
                disks.append("    <disk type='file' device='disk'>\n")
                        .append("      <driver name='qemu' type='qcow2'/>\n")
                        .append("      <source file='").append(source).append("'")
                        .append(target.equals("vdb") ? " startupPolicy='optional'" : "").append("/>\n")
                        .append("      <target dev='").append(target).append("' bus='virtio'/>\n")
                        .append("    </disk>\n");
            }
            Files.writeString(folder.resolve(name + ".xml"), "<domain type='kvm'>\n"
                    + "  <name>" + name + "</name>\n"
                    + String.format("  <uuid>6f0c9f8e-3b1a-4c55-9d0e-%012d</uuid>%n", i)
                    + "  <memory unit='KiB'>2097152</memory>\n  <vcpu placement='static'>2</vcpu>\n"
                    + "  <os>\n    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>\n    <boot dev='hd'/>\n  </os>\n"
                    + "  <devices>\n    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n" + disks
                    + "    <interface type='network'>\n      <source network='default'/>\n"
                    + "      <model type='virtio'/>\n    </interface>\n  </devices>\n</domain>\n");
        }
        Files.write(dir.resolve("tops.txt"), tops);
    }
}
