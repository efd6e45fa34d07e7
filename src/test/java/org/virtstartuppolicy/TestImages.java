package org.virtstartuppolicy;

import java.io.IOException;
import java.nio.file.Path;
import org.virtstartuppolicy.scenario.ImageWriter;

/** Real image files for tests, written by the same {@link ImageWriter} that scenarios use. */
public final class TestImages {
    private TestImages() {
    }

    public static Path raw(Path path) throws IOException {
        return ImageWriter.write(path, ImageWriter.raw());
    }

    /** A qcow2 v3 image; {@code backingName} and {@code backingFormat} may be null. */
    public static Path qcow2(Path path, String backingName, String backingFormat) throws IOException {
        return write(path, qcow2Header(3, backingName, backingFormat, null));
    }

    /** A qcow2 v2 (compat=0.10) image. */
    public static Path qcow2v2(Path path, String backingName, String backingFormat) throws IOException {
        return write(path, qcow2Header(2, backingName, backingFormat, null));
    }

    /** A qcow2 v3 image whose guest data lives in an external data file. */
    public static Path qcow2WithDataFile(Path path, String dataFile) throws IOException {
        return write(path, qcow2Header(3, null, null, dataFile));
    }

    public static Path write(Path path, byte[] bytes) throws IOException {
        return ImageWriter.write(path, bytes);
    }

    public static byte[] qcow2Header(int version, String backingName, String backingFormat, String dataFile) {
        return ImageWriter.qcow2(version, backingName, backingFormat, dataFile);
    }
}
