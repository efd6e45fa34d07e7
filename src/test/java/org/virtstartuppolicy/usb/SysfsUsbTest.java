package org.virtstartuppolicy.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's real /sys/bus/usb/devices and /dev/bus/usb, under the root it is mounted at. */
class SysfsUsbTest {
    @TempDir
    Path root;

    private void device(String entry, String vendor, String product, String devnum) throws IOException {
        Path folder = Files.createDirectories(root.resolve("sys/devices/pci0000:00/usb1").resolve(entry));
        Files.writeString(folder.resolve("idVendor"), vendor + "\n");
        Files.writeString(folder.resolve("idProduct"), product + "\n");
        Files.writeString(folder.resolve("devnum"), devnum + "\n");
        // as the kernel shows them: each entry a link to the device's folder
        Files.createDirectories(root.resolve("sys/bus/usb/devices"));
        Files.createSymbolicLink(root.resolve("sys/bus/usb/devices").resolve(entry), folder);
    }

    @Test
    void readsTheEntriesAndNodesUnderTheRoot() throws IOException {
        device("1-2", "1a86", "7523", "4");
        device("1-3", "046d", "c52b", "5");
        Files.createDirectories(root.resolve("sys/bus/usb/devices/1-2:1.0"));
        Files.createDirectories(root.resolve("dev/bus/usb/001"));
        Files.writeString(root.resolve("dev/bus/usb/001/004"), "");

        assertEquals(List.of(new HostUsbDevice("1-2", 1, 4, 0x1a86, 0x7523, true),
                new HostUsbDevice("1-3", 1, 5, 0x046d, 0xc52b, false)), new SysfsUsb(root).read().devices());
    }

    @Test
    void aRootWithoutAUsbBusIsLibvirtsCannotOpen() {
        assertEquals("cannot open directory '/sys/bus/usb/devices': No such file or directory",
                new SysfsUsb(root).read().unreadable());
    }

    @Test
    void aMissingFileIsLibvirtsFailedToOpen() throws IOException {
        device("1-2", "1a86", "7523", "4");
        Files.delete(root.resolve("sys/bus/usb/devices/1-2/devnum"));
        assertEquals("Failed to open file '/sys/bus/usb/devices/1-2/devnum': No such file or directory",
                new SysfsUsb(root).read().entries().get(0).error());
    }
}
