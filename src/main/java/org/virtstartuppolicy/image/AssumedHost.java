package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.List;

/**
 * A host as it would be if the assumed files were gone or there: the same evaluation runs over
 * it, so a what-if is decided exactly as a start would be once the files really go.
 */
public final class AssumedHost implements ImageHost {
    private final ImageHost host;
    private final Assumptions assumptions;

    public AssumedHost(ImageHost host, Assumptions assumptions) {
        this.host = host;
        this.assumptions = assumptions;
    }

    @Override
    public Reach reach(String path) {
        String missing = assumptions.missingFor(path);
        if (missing != null) {
            return Reach.assumedMissing(missing);
        }
        Reach reach = host.reach(path);
        String present = reach.error() == null ? null : assumptions.presentFor(path);
        return present == null ? reach : Reach.assumedPresent(path, present);
    }

    @Override
    public ByteBuffer header(String path) throws IOException {
        if (assumptions.missingFor(path) != null) {
            throw new NoSuchFileException(path);
        }
        return host.header(path);
    }

    @Override
    public List<String> list(String folder) throws IOException {
        return host.list(folder).stream().filter(name -> assumptions.missingFor(folder + "/" + name) == null).toList();
    }

    @Override
    public QemuUser qemu() {
        return host.qemu();
    }

    @Override
    public String reader() {
        return host.reader();
    }
}
