package org.virtstartuppolicy.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.QemuImg;

/**
 * qemu-img and the parsers read the same backing facts from real images whose headers the fuzzer
 * changes. Each input picks a kind of image qemu-img made (once per JVM), changes its header
 * (bytes, 32- and 64-bit fields set to boundary values, tokens written in, the file cut), writes
 * it whole and asks {@code qemu-img info -f FORMAT}, which opens the image but not its backing
 * file. Wherever qemu-img opens it, the parser must find the same backing name, the same recorded
 * backing format and the same external data file, or call the header corrupt for one of the
 * documented reasons below; every answer must also keep {@link HeaderContract}.
 *
 * <p>Documented differences, where the tool follows libvirt (which decides what a start checks)
 * and not QEMU:
 * <ul>
 * <li><b>The window.</b> libvirt reads the first 0x8200 bytes (or the whole shorter file) and
 *     nothing else; QEMU reads a name or an extension wherever its header puts it (within its
 *     cluster), and reads zeros past the end of a file. What lies past the window, a header cut
 *     short included, is corrupt for the tool (libvirt: invalid).
 * <li><b>Strict names.</b> A name, backing format or data file name with a NUL inside, bytes that
 *     are not UTF-8, or only NULs is corrupt for the tool; QEMU and libvirt copy the bytes and
 *     stop at the first NUL. The tool will not show a user a path that is not the real one.
 * <li><b>1023 bytes.</b> The tool's limit for every name is libvirt's for qcow2 (libvirt:
 *     invalid); QEMU takes qed and vmdk names of up to 4095 bytes.
 * <li><b>vmdk's key.</b> libvirt looks for {@code parentFileNameHint="} in the descriptor;
 *     QEMU for {@code parentFileNameHint} and then skips two bytes, whatever they are.
 * <li><b>vmdk's descriptor.</b> QEMU reads 10 KiB of a sparse image's descriptor, libvirt (and
 *     the tool) on to the end of the window.
 * <li><b>An unused data file.</b> qemu-img shows a data file extension whether or not the
 *     incompatible feature bit says it is in use; the tool, like QEMU opening the image for a
 *     guest, needs it only when the bit is set.
 * <li><b>Images qemu-img refuses</b> are not compared: QEMU checks clusters, tables, features
 *     and sizes libvirt never reads; a start of such an image fails in QEMU, not for a missing
 *     file. (The contract still holds for them.)
 * </ul>
 */
class HeaderDifferentialFuzzTest {
    private static final long QEMU_IMG_SECONDS = 5; // under run.sh's 10 s per input
    /** QEMU's DESC_SIZE: what it reads of a sparse vmdk's descriptor. */
    private static final int QEMU_VMDK_DESCRIPTOR = 20 * 512;
    private static final List<RealImage> KINDS = List.of(RealImage.values());
    /** Text the fuzzer may write into a header: vmdk's key with and without its '="', names of every kind. */
    private static final List<String> TOKENS = List.of("parentFileNameHint=\"", "parentFileNameHint", "\"", "\n",
            "\0", "../", "json:{\"driver\":\"file\",\"filename\":\"/i/b\"}", "nbd://host/x", "base.qcow2", "\u00e9");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static final Map<RealImage, byte[]> IMAGES = new EnumMap<>(RealImage.class);

    @BeforeAll
    static void makeImagesOnce() throws Exception {
        QemuImg.assumeInstalled();
        for (RealImage kind : KINDS) {
            IMAGES.put(kind, Files.readAllBytes(kind.make(dir.resolve(kind.name()))));
        }
    }

    @FuzzTest(maxDuration = "60s")
    void qemuImgAndTheParserReadTheSameBackingFacts(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        RealImage kind = KINDS.get(Byte.toUnsignedInt(input[0]) % KINDS.size());
        byte[] file = mutate(kind, IMAGES.get(kind), input);
        // beside the original, so that a descriptor's extent and a relative data file are found
        Path path = dir.resolve(kind.name()).resolve("mutant." + kind.format);
        Files.write(path, file);
        ByteBuffer header = ByteBuffer.wrap(file, 0, Math.min(file.length, ImageFormat.HEADER_BYTES)).slice();

        HeaderContract.check(header.duplicate(), path.toString());
        JsonNode qemu = qemuImgInfo(kind.format, path);
        if (qemu == null) {
            return; // qemu-img refuses it: not compared (see above)
        }
        ImageHeader ours;
        try {
            ours = ImageFormat.named(kind.format).parser().parse(header.duplicate());
        } catch (CorruptHeaderException e) {
            if (!documented(kind, header, e.getMessage())) {
                throw new AssertionError(kind + ": qemu-img opens it, the parser calls it corrupt: " + e.getMessage()
                        + "; qemu-img: " + facts(qemu));
            }
            return;
        }
        String name = text(qemu, "backing-filename");
        if (!Objects.equals(ours.backingName(), name)) {
            if (!vmdkDifference(kind, header, ours, name)) {
                throw new AssertionError(kind + ": backing name " + quote(ours.backingName()) + ", qemu-img "
                        + quote(name) + "; qemu-img: " + facts(qemu));
            }
        } else if (name != null && !Objects.equals(ours.backingFormat(), text(qemu, "backing-filename-format"))) {
            throw new AssertionError(kind + ": backing format " + quote(ours.backingFormat()) + ", qemu-img "
                    + quote(text(qemu, "backing-filename-format")) + "; qemu-img: " + facts(qemu));
        }
        String dataFile = text(qemu.path("format-specific").path("data"), "data-file");
        if (usesDataFile(kind, header) && !Objects.equals(ours.dataFile(), dataFile)) {
            throw new AssertionError(kind + ": data file " + quote(ours.dataFile()) + ", qemu-img " + quote(dataFile)
                    + "; qemu-img: " + facts(qemu));
        }
    }

    /**
     * The image with the input's changes to its header. After the kind, each 4 bytes are one
     * change: what (set, flip, 32- or 64-bit field, token, cut), where (half of the positions in
     * the first KiB, where the names and extensions are, the other half anywhere in the window)
     * and a value.
     */
    private static byte[] mutate(RealImage kind, byte[] image, byte[] input) {
        byte[] file = image.clone();
        int length = file.length;
        ByteOrder order = kind.format.startsWith("qcow") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        for (int i = 1; i + 4 <= input.length && i < 1 + 4 * 8; i += 4) {
            int what = Byte.toUnsignedInt(input[i]) % 6;
            int where = (Byte.toUnsignedInt(input[i + 1]) << 8) | Byte.toUnsignedInt(input[i + 2]);
            int value = Byte.toUnsignedInt(input[i + 3]);
            int window = Math.min(length, ImageFormat.HEADER_BYTES);
            if (window == 0) {
                break;
            }
            int at = (where & 0x8000) == 0 ? (where & 0x7fff) % Math.min(window, 1024) : (where & 0x7fff) % window;
            ByteBuffer h = ByteBuffer.wrap(file, 0, window).order(order);
            switch (what) {
                case 0 -> file[at] = (byte) value;
                case 1 -> file[at] ^= (byte) (value == 0 ? 0xff : value);
                case 2 -> {
                    if (at + 4 <= window) {
                        h.putInt(at, (int) boundary(value, window));
                    }
                }
                case 3 -> {
                    if (at + 8 <= window) {
                        h.putLong(at, boundary(value, window));
                    }
                }
                case 4 -> {
                    byte[] token = TOKENS.get(value % TOKENS.size()).getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(token, 0, file, at, Math.min(token.length, window - at));
                }
                default -> length = at;
            }
        }
        return Arrays.copyOf(file, length);
    }

    /** Values where unsigned fields and their checks go wrong; past the table, small numbers as they are. */
    private static long boundary(int value, int window) {
        long[] table = {0, 1, 8, 72, 104, 0x200, 0x400, window - 1, window, window + 1, ImageFormat.HEADER_BYTES - 8,
            0x10000, 0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L, Long.MAX_VALUE, Long.MAX_VALUE - 7,
            Long.MIN_VALUE, -1, -8, window / 512, window / 512 + 1, 0x6803f857L, 0xE2792ACAL, 0x44415441L};
        return value < table.length ? table[value] : value - table.length;
    }

    /** {@code qemu-img info --output=json -f FORMAT FILE}, or null when it fails or takes too long. */
    private static JsonNode qemuImgInfo(String format, Path path) throws IOException, InterruptedException {
        Path out = path.resolveSibling("qemu-img.out");
        Process process = new ProcessBuilder("qemu-img", "info", "--output=json", "-f", format, path.toString())
                .redirectOutput(out.toFile()).redirectError(path.resolveSibling("qemu-img.err").toFile()).start();
        if (!process.waitFor(QEMU_IMG_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return null; // a qemu-img that hangs on a header opens nothing for a guest either
        }
        return process.exitValue() == 0 ? JSON.readTree(out.toFile()) : null;
    }

    /** Whether a corrupt header that qemu-img opens is corrupt for one of the documented reasons. */
    private static boolean documented(RealImage kind, ByteBuffer header, String message) {
        if (message.contains("contains a NUL byte") || message.contains("is not valid UTF-8")
                || message.contains(" is empty") || message.contains("more than " + HeaderText.MAX_BACKING_NAME)) {
            return true; // strict names, and the 1023-byte limit
        }
        if (message.contains(" is truncated (")) {
            return true; // the file ends inside its header: QEMU reads zeros past the end, libvirt calls it invalid
        }
        if (message.startsWith("header extension") && (message.contains(HeaderText.BEYOND)
                || message.contains("overflows the header"))) {
            // past the window, where no backing name's offset ended them: qemu-img reads on, to its cluster's end
            long backingOffset = header.getLong(8);
            return kind.format.equals("qcow2") && (backingOffset == 0
                    || Long.compareUnsigned(backingOffset, header.limit()) >= 0);
        }
        if (message.contains(HeaderText.BEYOND)) {
            return nameRunsPastTheWindow(kind, header);
        }
        if (message.equals("parentFileNameHint has no closing quote")) {
            return qemuReadsAnotherHint(header);
        }
        return false;
    }

    /** The backing name's offset and size (unsigned) reach past the bytes read, checked here on their own. */
    private static boolean nameRunsPastTheWindow(RealImage kind, ByteBuffer header) {
        ByteBuffer h = header.duplicate().order(kind.format.equals("qed") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long offset;
        long size;
        switch (kind.format) {
            case "qed" -> {
                offset = Integer.toUnsignedLong(h.getInt(56));
                size = Integer.toUnsignedLong(h.getInt(60));
            }
            case "qcow2", "qcow" -> {
                offset = h.getLong(8);
                size = Integer.toUnsignedLong(h.getInt(16));
            }
            default -> {
                return false;
            }
        }
        return offset < 0 || offset > h.limit() - size;
    }

    /**
     * vmdk: qemu-img takes the first {@code parentFileNameHint} followed by any two bytes, and
     * reads 10 KiB of a sparse descriptor; libvirt, and the tool, the first
     * {@code parentFileNameHint="} up to the end of the window.
     */
    private static boolean vmdkDifference(RealImage kind, ByteBuffer header, ImageHeader ours, String qemuName) {
        if (!kind.format.equals("vmdk")) {
            return false;
        }
        if (qemuReadsAnotherHint(header)) {
            return true;
        }
        String text = descriptor(header);
        int quote = text.indexOf('"', text.indexOf("parentFileNameHint=\"") + 20);
        return qemuName == null && ours.backingName() != null && isSparse(header) && quote >= QEMU_VMDK_DESCRIPTOR;
    }

    /** Whether QEMU's first "parentFileNameHint" is not libvirt's first {@code parentFileNameHint="}. */
    private static boolean qemuReadsAnotherHint(ByteBuffer header) {
        String text = descriptor(header);
        int key = text.indexOf("parentFileNameHint");
        return key >= 0 && key != text.indexOf("parentFileNameHint=\"");
    }

    /** A vmdk's descriptor as bytes (one char each), up to its first NUL. */
    private static String descriptor(ByteBuffer header) {
        int start = isSparse(header) ? 0x200 : 0;
        StringBuilder text = new StringBuilder();
        for (int i = start; i < header.limit() && header.get(i) != 0; i++) {
            text.append((char) (header.get(i) & 0xff));
        }
        return text.toString();
    }

    private static boolean isSparse(ByteBuffer header) {
        return header.limit() >= 4 && header.getInt(0) == 0x4b444d56; // KDMV
    }

    /** qcow2 v3 with the incompatible feature bit that says an external data file is in use. */
    private static boolean usesDataFile(RealImage kind, ByteBuffer header) {
        return kind.format.equals("qcow2") && header.limit() >= 80 && header.getInt(4) == 3
                && (header.getLong(72) & (1L << 2)) != 0;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String facts(JsonNode qemu) {
        return "backing-filename " + quote(text(qemu, "backing-filename")) + ", backing-filename-format "
                + quote(text(qemu, "backing-filename-format")) + ", data-file "
                + quote(text(qemu.path("format-specific").path("data"), "data-file"));
    }

    private static String quote(String text) {
        return text == null ? "none" : "'" + text + "'";
    }
}
