package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest's images, written by the real qemu-img into the case's folder (which QEMU's account can
 * reach). Backing names are absolute. The last file of every chain lives in its own folder,
 * {@code last/}, so that one breakage can make that folder unsearchable. For a block device the
 * top image is written to a file, attached to a loop device, and reached through a device node
 * of the case's own ({@code mknod}), so that deleting that node makes the device missing.
 */
final class GuestImages implements AutoCloseable {
    /** qemu-img's qcow2 header extension that records the backing file's format. */
    private static final int BACKING_FORMAT_EXTENSION = 0xE2792ACA;
    private static final Pattern LOOP_DEVICE = Pattern.compile("/dev/loop(\\d+)");
    /** losetup -f picks the first free device: two at once could pick the same one. */
    private static final Object LOSETUP = new Object();

    enum Layout {
        /** one raw image */
        RAW("raw"),
        /** qcow2 over qcow2 over qcow2, each backing format recorded */
        CHAIN("qcow2"),
        /** a qed overlay (which records no backing format unless raw) over a probed qcow2 over a qcow2 */
        QED_CHAIN("qed");

        final String format;

        Layout(String format) {
            this.format = format;
        }
    }

    /** The files of a chain, top first; the top is the disk's source (a device node for a block disk). */
    record Chain(List<Path> files, String format) {
        Path top() {
            return files.get(0);
        }

        Path middle() {
            return files.get(1);
        }

        Path last() {
            return files.get(files.size() - 1);
        }
    }

    private final Path folder;
    private final List<String> loopDevices = new ArrayList<>();

    GuestImages(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
        Files.createDirectories(folder.resolve("last"));
    }

    /** The guest's own disk, vda: always there, so that every guest has a disk to keep and to hold internal snapshots. */
    Path systemDisk() throws IOException {
        return create(folder.resolve("system.qcow2"), "qcow2", null);
    }

    Chain write(Layout layout, boolean onLoopDevice) throws IOException {
        Path last = folder.resolve("last");
        List<Path> files = new ArrayList<>();
        if (layout == Layout.RAW) {
            files.add(create((onLoopDevice ? folder : last).resolve("disk.raw"), "raw", null));
        } else {
            Path base = create(last.resolve("base.qcow2"), "qcow2", null);
            Path middle = create(folder.resolve("middle.qcow2"), "qcow2", base);
            files.add(create(folder.resolve("top." + layout.format), layout.format, middle));
            files.add(middle);
            files.add(base);
        }
        if (onLoopDevice) {
            Path node = (layout == Layout.RAW ? last : folder).resolve(files.get(0).getFileName() + ".dev");
            files.set(0, deviceNodeFor(files.get(0), node));
        }
        return new Chain(List.copyOf(files), layout.format);
    }

    private static Path create(Path image, String format, Path backing) throws IOException {
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", format));
        if (backing != null) {
            command.addAll(List.of("-b", backing.toString(), "-F", "qcow2"));
        }
        command.addAll(List.of(image.toString(), "16M"));
        HostCommand.run(command).orThrow();
        // 0644 whatever the umask: a root-only image is a breakage of its own.
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        return image;
    }

    /** Attaches the image to a loop device, and makes a node for that device (0660 root:disk, as block devices are). */
    private Path deviceNodeFor(Path image, Path node) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            // A loop device ignores a partial last sector; zeros past a qcow2's clusters are free space.
            file.setLength(Math.max(file.length(), 1 << 20));
        }
        String device;
        synchronized (LOSETUP) {
            device = HostCommand.run("losetup", "-f", "--show", image.toString()).orThrow().out().strip();
        }
        loopDevices.add(device);
        Matcher number = LOOP_DEVICE.matcher(device);
        if (!number.matches()) {
            throw new IllegalStateException("losetup gave an unexpected device: " + device);
        }
        HostCommand.run("mknod", "-m", "0660", node.toString(), "b", "7", number.group(1)).orThrow();
        HostCommand.run("chown", "root:disk", node.toString()).orThrow();
        return node;
    }

    /**
     * Removes the backing format from a qcow2 header, as images written by older tools lack it
     * (qemu-img 7.2 refuses to write one without it, even with {@code rebase -u}): the header
     * extensions are written again without that one, and the space it took is zeroed (a zero
     * type ends the extensions). Written through the device node for a block disk, so the
     * block device's cache sees it.
     */
    static void forgetBackingFormat(Path qcow2) throws IOException {
        try (FileChannel channel = FileChannel.open(qcow2, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(65536);
            channel.read(header, 0);
            int version = header.getInt(4);
            int backingOffset = (int) header.getLong(8);
            int start = version >= 3 ? header.getInt(100) : 72;
            ByteBuffer kept = ByteBuffer.allocate(backingOffset - start);
            for (int at = start; at + 8 <= backingOffset && header.getInt(at) != 0; ) {
                int length = header.getInt(at + 4);
                int size = 8 + (length + 7) / 8 * 8;
                if (header.getInt(at) != BACKING_FORMAT_EXTENSION) {
                    kept.put(header.array(), at, size);
                }
                at += size;
            }
            kept.rewind();
            channel.write(kept, start);
            channel.force(true);
        }
    }

    /** Points an image at a new backing file without touching its data, as {@code qemu-img rebase -u} does. */
    static void rebase(Path image, Path backing) {
        HostCommand.run("qemu-img", "rebase", "-u", "-f", "qcow2", "-b", backing.toString(), "-F", "qcow2",
                image.toString()).orThrow();
    }

    static void makeRootOnly(Path file) throws IOException {
        UserPrincipalLookupService names = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        view.setOwner(names.lookupPrincipalByName("root"));
        view.setGroup(names.lookupPrincipalByGroupName("root"));
        view.setPermissions(PosixFilePermissions.fromString("rw-------"));
    }

    /** Detaches this guest's loop devices. */
    @Override
    public void close() {
        loopDevices.forEach(device -> HostCommand.run("losetup", "-d", device));
        loopDevices.clear();
    }

    /** Detaches every loop device whose file lies under the folder, as an interrupted run may leave them. */
    static void detachLoopDevicesUnder(Path scratch) {
        HostCommand.run("losetup", "--list", "--noheadings", "--output", "NAME,BACK-FILE").out().lines()
                .map(line -> line.strip().split("\\s+", 2))
                .filter(columns -> columns.length == 2 && columns[1].startsWith(scratch + "/"))
                .forEach(columns -> HostCommand.run("losetup", "-d", columns[0]));
    }
}
