package org.virtstartuppolicy.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.virtstartuppolicy.ToolError;

/** Makes a scenario's host file system real under a root: images with real headers, links, FIFOs, modes. */
final class HostFiles {
    private HostFiles() {
    }

    static void write(Path root, Map<String, Scenario.HostFile> files, String where) throws IOException {
        for (Map.Entry<String, Scenario.HostFile> entry : files.entrySet()) {
            Path path = root.resolve(entry.getKey().substring(1));
            Scenario.HostFile file = entry.getValue();
            Files.createDirectories(path.getParent());
            if (file.symlink() != null) {
                // An absolute target is a host path too: it points inside the root, as on the host.
                Files.createSymbolicLink(path, file.symlink().startsWith("/")
                        ? root.resolve(file.symlink().substring(1)) : Path.of(file.symlink()));
            } else if (Boolean.TRUE.equals(file.directory())) {
                Files.createDirectories(path);
            } else if (Boolean.TRUE.equals(file.fifo())) {
                mkfifo(path, where);
            } else if (file.format() != null) {
                ImageWriter.write(path, image(file));
            }
            if (file.mode() != null && Files.exists(path)) {
                Files.setPosixFilePermissions(path, permissions(file.mode()));
            }
        }
    }

    /**
     * Writes each pool as libvirt keeps it: its definition in {@code /etc/libvirt/storage/NAME.xml},
     * and while it is active its state in {@code /run/libvirt/storage/NAME.xml}.
     */
    static void writePools(Path root, Map<String, Scenario.Pool> pools) throws IOException {
        for (Map.Entry<String, Scenario.Pool> entry : pools.entrySet()) {
            Scenario.Pool pool = entry.getValue();
            String definition = "<pool type='" + xml(pool.type() == null ? "dir" : pool.type()) + "'>\n  <name>"
                    + xml(entry.getKey()) + "</name>\n  <target>\n    <path>" + xml(pool.path()) + "</path>\n  </target>\n</pool>\n";
            Path defined = Files.createDirectories(root.resolve("etc/libvirt/storage"));
            Files.writeString(defined.resolve(entry.getKey() + ".xml"), definition);
            if (!Boolean.FALSE.equals(pool.active())) {
                Path running = Files.createDirectories(root.resolve("run/libvirt/storage"));
                Files.writeString(running.resolve(entry.getKey() + ".xml"), "<poolstate>\n" + definition + "</poolstate>\n");
            }
        }
    }

    /**
     * Writes the host's USB devices as the kernel shows them: an entry of {@code /sys/bus/usb/devices}
     * each (its {@code idVendor}, {@code idProduct}, {@code devnum} and {@code busnum}) and its node
     * in {@code /dev/bus/usb}; with none declared (null), no USB bus at all.
     */
    static void writeUsb(Path root, List<Scenario.UsbHostDevice> devices) throws IOException {
        if (devices == null) {
            return;
        }
        Path sysfs = Files.createDirectories(root.resolve("sys/bus/usb/devices"));
        for (int i = 0; i < devices.size(); i++) {
            Scenario.UsbHostDevice device = devices.get(i);
            Path entry = Files.createDirectories(sysfs.resolve(device.entry() != null ? device.entry()
                    : device.bus() + "-" + (i + 1)));
            Files.writeString(entry.resolve("idVendor"), device.vendor() + "\n");
            Files.writeString(entry.resolve("idProduct"), device.product() + "\n");
            Files.writeString(entry.resolve("devnum"), device.device() + "\n");
            Files.writeString(entry.resolve("busnum"), device.bus() + "\n");
            if (!Boolean.FALSE.equals(device.node())) {
                Path bus = Files.createDirectories(root.resolve(String.format("dev/bus/usb/%03d", device.bus())));
                Files.writeString(bus.resolve(String.format("%03d", device.device())), "");
            }
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;");
    }

    private static byte[] image(Scenario.HostFile file) {
        return switch (file.format()) {
            case "qcow2" -> ImageWriter.qcow2(3, file.backing(), file.backingFormat(), file.dataFile());
            case "qed" -> ImageWriter.qed(file.backing(), file.backingFormat());
            case "vmdk" -> ImageWriter.vmdkDescriptor(file.backing());
            default -> file.size() == null ? ImageWriter.raw() : new byte[file.size()];
        };
    }

    private static Set<PosixFilePermission> permissions(String octal) {
        int mode = Integer.parseInt(octal, 8);
        StringBuilder text = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = mode >> shift;
            text.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    private static void mkfifo(Path path, String where) throws IOException {
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new ToolError(where + ": cannot make the FIFO " + path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolError(where + ": interrupted while making the FIFO " + path);
        }
    }
}
