package org.virtstartuppolicy.image;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One row of the format table, as libvirt describes formats: the name, the magic that
 * identifies it when probing, and the parser that finds its backing facts. A format with no
 * parser has no backing support: the file only needs to exist. Adding a format is adding a row.
 */
public record ImageFormat(String name, byte[] magic, HeaderParser parser) {

    /** libvirt reads at most this many bytes of a header. */
    public static final int HEADER_BYTES = 0x8200;

    public static final ImageFormat RAW = new ImageFormat("raw", null, null);

    private static final List<ImageFormat> TABLE = List.of(
            new ImageFormat("qcow2", new byte[] {'Q', 'F', 'I', (byte) 0xfb}, new Qcow2HeaderParser()),
            RAW,
            new ImageFormat("iso", null, null),
            new ImageFormat("dir", null, null),
            new ImageFormat("vpc", null, null),
            new ImageFormat("vhdx", null, null),
            new ImageFormat("vdi", null, null),
            new ImageFormat("luks", null, null),
            new ImageFormat("fat", null, null),
            new ImageFormat("bochs", null, null),
            new ImageFormat("cloop", null, null),
            new ImageFormat("dmg", null, null),
            new ImageFormat("parallels", null, null),
            new ImageFormat("ploop", null, null));

    public boolean supportsBacking() {
        return parser != null;
    }

    /** The named format; an unknown name is treated as a format without backing support. */
    public static ImageFormat named(String name) {
        if (name == null) {
            return RAW;
        }
        return TABLE.stream().filter(f -> f.name.equals(name)).findFirst()
                .orElseGet(() -> new ImageFormat(name, null, null));
    }

    /** The format whose magic the header starts with, as libvirt probes an unrecorded format. */
    public static ImageFormat probe(ByteBuffer header) {
        return TABLE.stream().filter(f -> f.matches(header)).findFirst().orElse(RAW);
    }

    private boolean matches(ByteBuffer header) {
        if (magic == null || header.limit() < magic.length) {
            return false;
        }
        byte[] start = new byte[magic.length];
        header.get(0, start);
        return Arrays.equals(start, magic);
    }

    @Override
    public String toString() {
        return name;
    }
}
