package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.virtstartuppolicy.QemuImg;

/**
 * Systematic mutants of real headers made by qemu-img: every byte of the header's meaningful part
 * (the first 512 bytes, and on to the end of the backing name, the extensions or the descriptor)
 * set to 0x00, 0xff, 0x7f and 0x80 and each of its bits flipped; every binary field set to
 * boundary values; the header cut at every length. Probing, every parser and name resolution give
 * a format, a header or a {@link CorruptHeaderException} in the tool's words, and nothing else.
 */
class HeaderMutationTest {
    private static final int[] BYTE_VALUES = {0x00, 0xff, 0x7f, 0x80};

    @TempDir
    static Path dir;

    @BeforeAll
    static void needsQemuImg() {
        QemuImg.assumeInstalled();
    }

    @ParameterizedTest
    @EnumSource(RealImage.class)
    void everyMutantGivesAHeaderOrACorruptHeaderInTheToolsWords(RealImage kind) throws Exception {
        Path image = kind.make(dir.resolve(kind.name()));
        byte[] original = RealImage.header(image);
        ImageHeader real = ImageFormat.named(kind.format).parser().parse(ByteBuffer.wrap(original));
        assertTrue(real.backingName() != null, "qemu-img wrote no backing name: " + real);

        Map<String, String> crashers = new LinkedHashMap<>();
        int mutants = mutate(kind, original, (description, bytes) -> {
            try {
                HeaderContract.check(ByteBuffer.wrap(bytes), image.toString());
            } catch (RuntimeException | AssertionError | StackOverflowError e) {
                // one example per place that fails: the list stays short enough to read
                crashers.putIfAbsent(where(e), description + ": " + e);
            }
        });
        assertEquals(Map.of(), crashers, kind + ": " + mutants + " mutants");
        assertTrue(mutants > 1000, "too few mutants: " + mutants);
    }

    /**
     * Gives each mutant of a header to {@code check}, with what was changed; a mutant is made in
     * place and undone after its check, so that a few thousand of them cost no copies.
     *
     * @return how many mutants were checked
     */
    private static int mutate(RealImage kind, byte[] original, BiConsumer<String, byte[]> check) {
        int count = 0;
        byte[] bytes = original.clone();
        int end = meaningfulEnd(original);
        for (int position = 0; position < end; position++) {
            for (int value : BYTE_VALUES) {
                bytes[position] = (byte) value;
                check.accept(String.format("byte %d = 0x%02x", position, value), bytes);
                count++;
            }
            for (int bit = 0; bit < 8; bit++) {
                bytes[position] = (byte) (original[position] ^ (1 << bit));
                check.accept(String.format("byte %d ^= 0x%02x", position, 1 << bit), bytes);
                count++;
            }
            bytes[position] = original[position];
        }
        for (RealImage.Field field : kind.fields(original)) {
            for (long value : boundaries(original.length, field.width())) {
                field.set(ByteBuffer.wrap(bytes), value);
                check.accept(field.name() + " at " + field.offset() + " = " + Long.toUnsignedString(value), bytes);
                count++;
            }
            System.arraycopy(original, field.offset(), bytes, field.offset(), field.width());
        }
        for (int length = 0; length <= end; length++) {
            check.accept("cut to " + length + " bytes", Arrays.copyOf(original, length));
            count++;
        }
        return count;
    }

    /**
     * The first 512 bytes, and beyond them up to the last byte that is not zero in the first 4 KiB
     * (the end of a backing name, the extensions or a descriptor; a vmdk's grain directory, further
     * on, is not read).
     */
    private static int meaningfulEnd(byte[] header) {
        int last = Math.min(header.length, 4096) - 1;
        while (last >= 0 && header[last] == 0) {
            last--;
        }
        return Math.min(header.length, Math.max(512, last + 9));
    }

    /**
     * Values where checks that are off by one, or that overflow, go wrong: small numbers, the
     * header's length (in bytes and in sectors) and either side of it, the limits of signed and
     * unsigned 32- and 64-bit numbers and just below them (an offset that a size carries past the
     * top). A 4-byte field keeps the low half.
     */
    private static Set<Long> boundaries(int length, int width) {
        Set<Long> values = new LinkedHashSet<>(List.of(0L, 1L, 2L, 3L, 7L, 8L, 9L, 16L, 48L, 64L, 72L, 104L, 511L,
                512L, 513L, 1023L, 1024L, 0x8200L, 0x10000L, 0x7fff_ffffL, 0x8000_0000L, 0xffff_fff8L, 0xffff_ffffL));
        for (long k = 0; k <= 16; k++) {
            values.add(length - k);
            values.add(length + k);
            values.add(0xffff_ffffL - k);
            values.add(Long.MAX_VALUE - k);
            values.add(Long.MIN_VALUE + k);
            values.add(-1 - k);
        }
        values.add(length / 512L - 1);
        values.add(length / 512L);
        values.add(length / 512L + 1);
        values.add(0x1_0000_0000L);
        if (width == 4) {
            Set<Long> low = new LinkedHashSet<>();
            values.forEach(value -> low.add(value & 0xffff_ffffL));
            return low;
        }
        return values;
    }

    /** The exception and the first frame of this project's code it came through. */
    private static String where(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("org.virtstartuppolicy.image.")
                    && !frame.getClassName().contains("Test") && !frame.getClassName().contains("HeaderContract")) {
                return e.getClass().getSimpleName() + " at " + frame;
            }
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
