package org.virtstartuppolicy.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * This machine's files, or a host's mounted under a root folder. Reaching a file is judged from
 * permission bits for QEMU's account (search on every folder of its real path, as
 * {@code access(F_OK)} needs; the file's own read bit does not matter, libvirt relabels it), so a
 * check run as root still finds what QEMU's account would be refused.
 */
public final class LocalHost implements ImageHost {
    private final QemuUser qemu;
    private final QemuUser self = QemuUser.current();
    private final Path root;
    /** Folders whose search permission for QEMU's account is known, as a bounded memory. */
    private final Map<Path, Boolean> searchable = new ConcurrentHashMap<>();
    /** Folders as images name them, and their real paths, likewise. */
    private final Map<Path, Path> realFolders = new ConcurrentHashMap<>();
    private static final int FOLDERS_REMEMBERED = 4096;
    private static final String ATTRIBUTES = "unix:mode,uid,gid,dev,ino,size";

    /** @param root where the host's file system is mounted (messages still show the host's paths), or null */
    public LocalHost(QemuUser qemu, Path root) {
        this.qemu = qemu;
        this.root = root;
    }

    /** Where a path of the host is on this machine. */
    Path onHost(String path) {
        return root != null && path.startsWith("/") ? root.resolve(path.substring(1)) : Path.of(path);
    }

    @Override
    public Reach reach(String path) {
        Path file = onHost(path);
        try {
            // a file that is no symbolic link is itself: its folders are its folder's, whose real path is remembered
            Map<String, Object> attributes = Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            Path realFolder;
            if (isLink((Integer) attributes.get("mode")) || file.getParent() == null
                    || List.of(".", "..").contains(file.getFileName().toString())) {
                attributes = Files.readAttributes(file, ATTRIBUTES);
                realFolder = file.toRealPath().getParent();
            } else {
                realFolder = realFolder(file.getParent());
            }
            FileKind kind = FileKind.ofMode((Integer) attributes.get("mode"));
            String identity = attributes.get("dev") + ":" + attributes.get("ino");
            for (Path folder = realFolder; folder != null; folder = folder.getParent()) {
                if (!maySearch(folder)) {
                    return new Reach(kind, identity, AccessError.EACCES, false, false);
                }
            }
            int mode = (Integer) attributes.get("mode");
            int owner = (Integer) attributes.get("uid");
            int group = (Integer) attributes.get("gid");
            boolean readable = qemu.mayRead(mode, owner, group) && (kind != FileKind.DIRECTORY || qemu.maySearch(mode, owner, group));
            return Reach.found(kind, identity, readable, qemu.mayWrite(mode, owner, group), (Long) attributes.get("size"));
        } catch (NoSuchFileException e) {
            return Reach.failed(AccessError.ENOENT);
        } catch (AccessDeniedException e) {
            return Reach.failed(self.uid() == qemu.uid() ? AccessError.EACCES : AccessError.UNSEEN);
        } catch (FileSystemException e) {
            return Reach.failed(errorOf(e));
        } catch (IOException e) {
            return Reach.failed(AccessError.ENOENT);
        }
    }

    private static boolean isLink(int mode) {
        return (mode & 0170000) == 0120000;
    }

    /** The real path of a folder, remembered for the rest of the run. */
    private Path realFolder(Path folder) throws IOException {
        Path known = realFolders.get(folder);
        if (known != null) {
            return known;
        }
        Path real = folder.toRealPath();
        if (realFolders.size() >= FOLDERS_REMEMBERED) {
            realFolders.clear();
        }
        realFolders.put(folder, real);
        return real;
    }

    /**
     * Whether QEMU's account may search a folder (a real path), remembered for the rest of the
     * run: a host's images share their folders, and a whole host has many images.
     */
    private boolean maySearch(Path folder) throws IOException {
        Boolean known = searchable.get(folder);
        if (known != null) {
            return known;
        }
        Map<String, Object> bits = Files.readAttributes(folder, "unix:mode,uid,gid");
        boolean may = qemu.maySearch((Integer) bits.get("mode"), (Integer) bits.get("uid"), (Integer) bits.get("gid"));
        if (searchable.size() >= FOLDERS_REMEMBERED) {
            searchable.clear();
        }
        searchable.put(folder, may);
        return may;
    }

    @Override
    public ByteBuffer header(String path) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(onHost(path))) {
            // never more than the file holds (a block device says 0: read the whole window)
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate(size > 0 && size < ImageFormat.HEADER_BYTES ? (int) size
                    : ImageFormat.HEADER_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading: a channel may return fewer bytes than asked
            }
            return buffer.flip();
        }
    }

    /** At most this many names of a folder are looked at: a folder of millions is not searched whole. */
    private static final int NAMES_LISTED = 10_000;

    @Override
    public List<String> list(String folder) throws IOException {
        try (Stream<Path> names = Files.list(onHost(folder))) {
            return names.limit(NAMES_LISTED).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public QemuUser qemu() {
        return qemu;
    }

    @Override
    public String reader() {
        return self.label();
    }

    private static AccessError errorOf(FileSystemException e) {
        String reason = e.getReason() == null ? "" : e.getReason();
        if (reason.contains("symbolic links")) {
            return AccessError.ELOOP;
        }
        return reason.contains("Not a directory") ? AccessError.ENOTDIR : AccessError.ENOENT;
    }
}
