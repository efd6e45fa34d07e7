package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row of the format table, as libvirt describes formats: the name, the signatures that
 * identify it when probing, and the parser that finds its backing facts. A format with no
 * parser has no backing support: the file only needs to exist. Adding a format is adding a row.
 */
public record ImageFormat(String name, List<Signature> signatures, HeaderParser parser) {

    /** libvirt reads at most this many bytes of a header. */
    public static final int HEADER_BYTES = 0x8200;

    public static final ImageFormat RAW = new ImageFormat("raw", List.of(), null);

    /** Bytes found at an offset of a file of this format. */
    public record Signature(int offset, byte[] bytes) {
        static Signature of(int offset, String text) {
            return new Signature(offset, text.getBytes(StandardCharsets.ISO_8859_1));
        }

        boolean matches(ByteBuffer header) {
            if (header.limit() < offset + bytes.length) {
                return false;
            }
            byte[] found = new byte[bytes.length];
            header.get(offset, found);
            return Arrays.equals(found, bytes);
        }
    }

    /** Probing tries the rows in this order; raw is what nothing else matches. */
    private static final List<ImageFormat> TABLE = List.of(
            new ImageFormat("qcow2", List.of(Signature.of(0, "QFI\u00fb\0\0\0\u0002"),
                    Signature.of(0, "QFI\u00fb\0\0\0\u0003")), new Qcow2HeaderParser()),
            new ImageFormat("qcow", List.of(Signature.of(0, "QFI\u00fb\0\0\0\u0001")), new QcowHeaderParser()),
            new ImageFormat("qed", List.of(Signature.of(0, "QED\0")), new QedHeaderParser()),
            new ImageFormat("vmdk", List.of(Signature.of(0, "KDMV"), Signature.of(0, "# Disk DescriptorFile")),
                    new VmdkHeaderParser()),
            new ImageFormat("iso", List.of(Signature.of(0x8001, "CD001")), null),
            new ImageFormat("vpc", List.of(Signature.of(0, "conectix")), null),
            new ImageFormat("vhdx", List.of(Signature.of(0, "vhdxfile")), null),
            new ImageFormat("vdi", List.of(Signature.of(0x40, "\u007f\u0010\u00da\u00be")), null),
            new ImageFormat("luks", List.of(Signature.of(0, "LUKS\u00ba\u00be")), null),
            new ImageFormat("bochs", List.of(Signature.of(0, "Bochs Virtual HD Image")), null),
            new ImageFormat("cloop", List.of(Signature.of(0, "#!/bin/sh\n#V2.0 Format\n")), null),
            new ImageFormat("parallels", List.of(Signature.of(0, "WithoutFreeSpace"),
                    Signature.of(0, "WithouFreSpacExt")), null),
            new ImageFormat("dmg", List.of(), null),
            new ImageFormat("ploop", List.of(), null),
            new ImageFormat("fat", List.of(), null),
            new ImageFormat("dir", List.of(), null),
            RAW);

    private static final Map<String, ImageFormat> BY_NAME = TABLE.stream()
            .collect(Collectors.toUnmodifiableMap(ImageFormat::name, format -> format));

    /**
     * Whether a backing file whose format this image does not record may be probed only when it
     * has no backing file of its own: libvirt's rule for qcow2 and qcow (qed follows the probed chain).
     */
    public boolean refusesProbedChains() {
        return name.equals("qcow2") || name.equals("qcow");
    }

    public boolean supportsBacking() {
        return parser != null;
    }

    /** The named format; an unknown name is treated as a format without backing support. */
    public static ImageFormat named(String name) {
        if (name == null) {
            return RAW;
        }
        ImageFormat known = BY_NAME.get(name);
        return known != null ? known : new ImageFormat(name, List.of(), null);
    }

    /** The format whose signature the header carries, as libvirt probes an unrecorded format. */
    public static ImageFormat probe(ByteBuffer header) {
        for (ImageFormat format : TABLE) {
            for (Signature signature : format.signatures) {
                if (signature.matches(header)) {
                    return format;
                }
            }
        }
        return RAW;
    }

    @Override
    public String toString() {
        return name;
    }
}
