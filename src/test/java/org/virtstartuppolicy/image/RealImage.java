package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.virtstartuppolicy.QemuImg;

/**
 * The kinds of real image qemu-img makes that name other files, with the binary fields of their
 * headers: the material the mutation test and the differential fuzz target change. Each is made
 * in a folder of its own, with the files it refers to, as {@code top.EXT}.
 */
enum RealImage {
    QCOW2_V2("qcow2", at -> List.of(
            List.of("create", "-q", "-f", "qcow2", at.apply("base.qcow2"), "1M"),
            List.of("create", "-q", "-f", "qcow2", "-o", "compat=0.10", "-b", "base.qcow2", "-F", "qcow2",
                    at.apply("top.qcow2")))),
    QCOW2_V3_BACKING("qcow2", at -> List.of(
            List.of("create", "-q", "-f", "qcow2", at.apply("base.qcow2"), "1M"),
            List.of("create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", at.apply("top.qcow2")))),
    QCOW2_V3_DATA_FILE("qcow2", at -> List.of(
            List.of("create", "-q", "-f", "raw", at.apply("base.raw"), "1M"),
            List.of("create", "-q", "-f", "qcow2", "-o", "data_file=" + at.apply("top.data"), "-b", "base.raw",
                    "-F", "raw", at.apply("top.qcow2")))),
    QCOW_BACKING("qcow", at -> List.of(
            List.of("create", "-q", "-f", "raw", at.apply("base.raw"), "1M"),
            List.of("create", "-q", "-f", "qcow", "-b", "base.raw", "-F", "raw", at.apply("top.qcow")))),
    QED_BACKING("qed", at -> List.of(
            List.of("create", "-q", "-f", "raw", at.apply("base.raw"), "1M"),
            List.of("create", "-q", "-f", "qed", "-b", "base.raw", "-F", "raw", at.apply("top.qed")))),
    VMDK_SPARSE_PARENT("vmdk", at -> List.of(
            List.of("create", "-q", "-f", "vmdk", at.apply("base.vmdk"), "1M"),
            List.of("create", "-q", "-f", "vmdk", "-b", "base.vmdk", "-F", "vmdk", at.apply("top.vmdk")))),
    /** A descriptor file of its own; its extent, top-s001.vmdk, lies beside it. */
    VMDK_DESCRIPTOR_PARENT("vmdk", at -> List.of(
            List.of("create", "-q", "-f", "vmdk", at.apply("base.vmdk"), "1M"),
            List.of("create", "-q", "-f", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", "-b", "base.vmdk",
                    "-F", "vmdk", at.apply("top.vmdk"))));

    /** A binary field of a header: where it is, how wide (4 or 8 bytes), and its byte order. */
    record Field(String name, int offset, int width, ByteOrder order) {
        void set(ByteBuffer header, long value) {
            ByteBuffer h = header.duplicate().order(order);
            if (width == 4) {
                h.putInt(offset, (int) value);
            } else {
                h.putLong(offset, value);
            }
        }
    }

    final String format;
    private final Function<Function<String, String>, List<List<String>>> commands;

    RealImage(String format, Function<Function<String, String>, List<List<String>>> commands) {
        this.format = format;
        this.commands = commands;
    }

    /** Makes the image, and what it refers to, in {@code folder}; returns the image's path. */
    Path make(Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        for (List<String> command : commands.apply(name -> folder.resolve(name).toString())) {
            QemuImg.run(command.toArray(String[]::new));
        }
        return folder.resolve("top." + format);
    }

    /** The first bytes of the image, as many as libvirt reads. */
    static byte[] header(Path image) throws IOException {
        byte[] bytes = Files.readAllBytes(image);
        return java.util.Arrays.copyOf(bytes, Math.min(bytes.length, ImageFormat.HEADER_BYTES));
    }

    /** The binary fields of this kind's header, header extensions included (found by walking them). */
    List<Field> fields(byte[] header) {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        List<Field> fields = new ArrayList<>();
        switch (format) {
            case "qcow2", "qcow" -> {
                fields.add(new Field("version", 4, 4, be));
                fields.add(new Field("backing_file_offset", 8, 8, be));
                fields.add(new Field("backing_file_size", 16, 4, be));
                if (format.equals("qcow")) {
                    fields.add(new Field("size", 24, 8, be));
                    fields.add(new Field("crypt_method", 36, 4, be));
                    fields.add(new Field("l1_table_offset", 40, 8, be));
                    break;
                }
                fields.add(new Field("cluster_bits", 20, 4, be));
                fields.add(new Field("size", 24, 8, be));
                fields.add(new Field("l1_size", 36, 4, be));
                fields.add(new Field("l1_table_offset", 40, 8, be));
                fields.add(new Field("snapshots_offset", 64, 8, be));
                ByteBuffer h = ByteBuffer.wrap(header);
                int extension = 72;
                if (h.getInt(4) == 3) {
                    fields.add(new Field("incompatible_features", 72, 8, be));
                    fields.add(new Field("header_length", 100, 4, be));
                    extension = h.getInt(100);
                }
                long end = h.getLong(8) != 0 ? h.getLong(8) : header.length;
                for (int n = 0; extension + 8 <= end; n++) {
                    fields.add(new Field("extension " + n + " type", extension, 4, be));
                    fields.add(new Field("extension " + n + " length", extension + 4, 4, be));
                    if (h.getInt(extension) == 0) {
                        break;
                    }
                    extension += 8 + ((h.getInt(extension + 4) + 7) & ~7);
                }
            }
            case "qed" -> {
                fields.add(new Field("cluster_size", 4, 4, le));
                fields.add(new Field("header_size", 12, 4, le));
                fields.add(new Field("features", 16, 8, le));
                fields.add(new Field("l1_table_offset", 40, 8, le));
                fields.add(new Field("backing_filename_offset", 56, 4, le));
                fields.add(new Field("backing_filename_size", 60, 4, le));
            }
            default -> {
                if (header.length >= 4 && header[0] == 'K') {
                    fields.add(new Field("version", 4, 4, le));
                    fields.add(new Field("capacity", 12, 8, le));
                    fields.add(new Field("grain_size", 20, 8, le));
                    fields.add(new Field("descriptor_offset", 28, 8, le));
                    fields.add(new Field("descriptor_size", 36, 8, le));
                    fields.add(new Field("gd_offset", 56, 8, le));
                }
            }
        }
        return fields;
    }
}
