package org.virtstartuppolicy.usb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.virtstartuppolicy.ToolError;

/**
 * Reads a host's {@code /sys/bus/usb/devices} (under the host's root) and the device nodes of
 * {@code /dev/bus/usb}: the I/O edge of {@link UsbInventory}, which makes libvirt's sense of it.
 */
public final class SysfsUsb {
    /** libvirt reads at most this much of a sysfs file; a host has a few dozen entries. */
    private static final int FILE_LIMIT = 1024;
    private static final int ENTRY_LIMIT = 4096;
    private static final List<String> FILES = List.of("idVendor", "idProduct", "devnum");

    private final Path fileSystem;

    /** @param fileSystem the host's file system: {@code /}, or where it is mounted */
    public SysfsUsb(Path fileSystem) {
        this.fileSystem = fileSystem;
    }

    /** @throws ToolError when the folder holds more entries than any host has */
    public UsbInventory read() {
        Path devices = fileSystem.resolve(UsbInventory.DEVICES.substring(1));
        List<SysfsEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(devices)) {
            for (Path entry : listing) {
                if (entries.size() == ENTRY_LIMIT) {
                    throw new ToolError(devices + ": more than " + ENTRY_LIMIT + " entries, more than a host has");
                }
                entries.add(entry(entry));
            }
        } catch (IOException e) {
            return UsbInventory.unreadable(why(e));
        }
        return UsbInventory.of(entries, nodes());
    }

    private static SysfsEntry entry(Path entry) {
        Map<String, String> contents = new HashMap<>();
        Map<String, String> errors = new HashMap<>();
        String name = entry.getFileName().toString();
        if (!name.contains(":")) {
            for (String file : FILES) {
                try (InputStream in = Files.newInputStream(entry.resolve(file))) {
                    contents.put(file, new String(in.readNBytes(FILE_LIMIT), StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    errors.put(file, why(e));
                }
            }
        }
        return new SysfsEntry(name, contents, errors);
    }

    /** The nodes that exist, as {@code BBB/DDD}. */
    private Set<String> nodes() {
        Set<String> nodes = new HashSet<>();
        Path usb = fileSystem.resolve("dev/bus/usb");
        try (DirectoryStream<Path> buses = Files.newDirectoryStream(usb)) {
            for (Path bus : buses) {
                try (DirectoryStream<Path> devices = Files.newDirectoryStream(bus)) {
                    for (Path device : devices) {
                        if (nodes.size() < ENTRY_LIMIT) {
                            nodes.add(bus.getFileName() + "/" + device.getFileName());
                        }
                    }
                } catch (IOException e) {
                    // a bus folder that cannot be read has no node libvirt could use
                }
            }
        } catch (IOException e) {
            // no /dev/bus/usb: no device node, which each found device's lookup then reports
        }
        return nodes;
    }

    /** The reason as the C library words it, which is how libvirt reports it. */
    private static String why(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason();
        }
        return "Input/output error";
    }
}
