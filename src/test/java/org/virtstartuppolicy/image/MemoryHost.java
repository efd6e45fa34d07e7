package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host whose files live in memory: folders, files with modes and owners, symlinks and FIFOs,
 * resolved component by component as the kernel resolves them, so the chain walk can be tested
 * (and fuzzed) without touching a disk. Paths are absolute.
 */
final class MemoryHost implements ImageHost {
    private static final int MAX_LINKS = 40;

    private record Entry(FileKind kind, int mode, int uid, int gid, byte[] bytes, String link) {
    }

    /** A lookup that ends in an error, as a system call would return it. */
    private static final class Refused extends Exception {
        final AccessError error;

        Refused(AccessError error) {
            super(error.text(), null, false, false);
            this.error = error;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Exception> failures = new HashMap<>();
    private final QemuUser qemu;
    private final QemuUser reader;

    /** @param reader the account this tool runs as, which reads headers */
    MemoryHost(QemuUser qemu, QemuUser reader) {
        this.qemu = qemu;
        this.reader = reader;
        entries.put("/", new Entry(FileKind.DIRECTORY, 0755, 0, 0, null, null));
    }

    MemoryHost file(String path, byte[] bytes, int mode) {
        return put(path, new Entry(FileKind.REGULAR, mode, 0, 0, bytes, null));
    }

    MemoryHost folder(String path, int mode) {
        return put(path, new Entry(FileKind.DIRECTORY, mode, 0, 0, null, null));
    }

    MemoryHost symlink(String path, String target) {
        return put(path, new Entry(null, 0777, 0, 0, null, target));
    }

    /** Reading this file's header fails with {@code failure}: an I/O error, or a bug below the walk. */
    MemoryHost failing(String path, Exception failure) {
        failures.put(path, failure);
        return this;
    }

    MemoryHost fifo(String path) {
        return put(path, new Entry(FileKind.FIFO, 0644, 0, 0, null, null));
    }

    private MemoryHost put(String path, Entry entry) {
        String parent = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        if (!entries.containsKey(parent)) {
            folder(parent, 0755);
        }
        entries.put(path, entry);
        return this;
    }

    /** What {@code account} finds at {@code path}: the entry's canonical path, or the error it meets. */
    private String resolve(String path, QemuUser account) throws Refused {
        Deque<String> todo = new ArrayDeque<>(Arrays.asList(path.split("/")));
        Deque<String> at = new ArrayDeque<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            Entry folder = entries.get(canonical(at));
            if (folder.kind() != FileKind.DIRECTORY) {
                throw new Refused(AccessError.ENOTDIR);
            }
            if (!account.maySearch(folder.mode(), folder.uid(), folder.gid())) {
                throw new Refused(AccessError.EACCES);
            }
            if (name.equals("..")) {
                at.pollLast();
                continue;
            }
            at.addLast(name);
            Entry entry = entries.get(canonical(at));
            if (entry == null) {
                throw new Refused(AccessError.ENOENT);
            }
            if (entry.link() != null) {
                if (++links > MAX_LINKS) {
                    throw new Refused(AccessError.ELOOP);
                }
                at.pollLast();
                if (entry.link().startsWith("/")) {
                    at.clear();
                }
                String[] target = entry.link().split("/");
                for (int i = target.length - 1; i >= 0; i--) {
                    todo.addFirst(target[i]);
                }
            }
        }
        return canonical(at);
    }

    private static String canonical(Deque<String> components) {
        return "/" + String.join("/", components);
    }

    @Override
    public Reach reach(String path) {
        String seen;
        try {
            seen = resolve(path, reader);
        } catch (Refused e) {
            // as on a real host: what this tool's account may not look at, it cannot judge for QEMU's
            return Reach.failed(e.error == AccessError.EACCES && reader.uid() != qemu.uid() ? AccessError.UNSEEN : e.error);
        }
        try {
            String found = resolve(path, qemu);
            Entry entry = entries.get(found);
            return new Reach(entry.kind(), found, null, qemu.mayRead(entry.mode(), entry.uid(), entry.gid()),
                    qemu.mayWrite(entry.mode(), entry.uid(), entry.gid()));
        } catch (Refused e) {
            Entry entry = entries.get(seen);
            return e.error == AccessError.EACCES ? new Reach(entry.kind(), seen, e.error, false, false) : Reach.failed(e.error);
        }
    }

    @Override
    public ByteBuffer header(String path) throws IOException {
        Exception failure = failures.get(path);
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException unchecked) {
            throw unchecked;
        }
        try {
            Entry entry = entries.get(resolve(path, reader));
            if (!reader.mayRead(entry.mode(), entry.uid(), entry.gid())) {
                throw new AccessDeniedException(path);
            }
            byte[] bytes = entry.bytes() == null ? new byte[0] : entry.bytes();
            return ByteBuffer.wrap(Arrays.copyOf(bytes, Math.min(bytes.length, ImageFormat.HEADER_BYTES)));
        } catch (Refused e) {
            if (e.error == AccessError.EACCES) {
                throw new AccessDeniedException(path);
            }
            throw new NoSuchFileException(path);
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<String> names = entries.keySet().stream().filter(path -> path.startsWith(prefix) && path.length() > prefix.length()
                && path.indexOf('/', prefix.length()) < 0).map(path -> path.substring(prefix.length())).sorted().toList();
        if (names.isEmpty() && !entries.containsKey(folder)) {
            throw new NoSuchFileException(folder);
        }
        return names;
    }

    @Override
    public QemuUser qemu() {
        return qemu;
    }

    @Override
    public String reader() {
        return reader.label();
    }
}
