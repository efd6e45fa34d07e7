package org.virtstartuppolicy.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The host's USB devices made from /sys/bus/usb/devices as libvirt's virUSBDeviceSearch reads it. */
class UsbInventoryTest {
    static SysfsEntry entry(String name, String vendor, String product, String devnum) {
        return new SysfsEntry(name, Map.of("idVendor", vendor, "idProduct", product, "devnum", devnum), Map.of());
    }

    @Test
    void readsEachDeviceWithItsBusFromTheEntryNameAndPassesOverInterfaces() {
        UsbInventory host = UsbInventory.of(List.of(entry("1-2", "1a86\n", "7523\n", "4\n"),
                entry("usb1", "1d6b\n", "0002\n", "1\n"),
                new SysfsEntry("1-2:1.0", Map.of(), Map.of())), Set.of("001/004"));

        assertNull(host.unreadable());
        assertEquals(List.of(new HostUsbDevice("1-2", 1, 4, 0x1a86, 0x7523, true),
                new HostUsbDevice("usb1", 1, 1, 0x1d6b, 0x0002, false)), host.devices());
    }

    @Test
    void aValueIsItsLeadingNumberAsStrtoulReadsIt() {
        UsbInventory host = UsbInventory.of(List.of(entry("12-3.4", "  0x1A86 trailing", "7523", "017xyz")), Set.of());

        assertEquals(List.of(new HostUsbDevice("12-3.4", 12, 17, 0x1a86, 0x7523, false)), host.devices());
    }

    @Test
    void anEntryLibvirtCannotReadKeepsItsPlaceWithLibvirtsMessage() {
        List<UsbInventory.Entry> entries = UsbInventory.of(List.of(
                entry("3-1", "zzzz", "7523", "2"),
                new SysfsEntry("3-2", Map.of("idVendor", "1a86"), Map.of("idProduct", "Permission denied")),
                new SysfsEntry("3-3", Map.of("idVendor", "1a86", "idProduct", "7523"), Map.of()),
                entry("x-1", "1a86", "7523", "2"),
                entry("3-4", "1a86", "7523", ""),
                entry("3-5", "1a86", "99999999999", "2")), Set.of()).entries();

        assertEquals(List.of(
                "internal error: Could not parse usb file /sys/bus/usb/devices/3-1/idVendor",
                "Failed to open file '/sys/bus/usb/devices/3-2/idProduct': Permission denied",
                "Failed to open file '/sys/bus/usb/devices/3-3/devnum': No such file or directory",
                "internal error: Could not parse usb file /sys/bus/usb/devices/3-4/devnum",
                "internal error: Could not parse usb file /sys/bus/usb/devices/3-5/idProduct",
                "internal error: Failed to parse dir name 'x-1'"),
                entries.stream().map(UsbInventory.Entry::error).toList());
    }

    @Test
    void digitsOtherThanAsciiAreNoNumber() {
        assertEquals("internal error: Could not parse usb file /sys/bus/usb/devices/1-1/devnum",
                UsbInventory.of(List.of(entry("1-1", "1a86", "7523", "\u0664")), Set.of()).entries().get(0).error());
    }

    @Test
    void aFolderThatCannotBeOpenedIsLibvirtsError() {
        assertEquals("cannot open directory '/sys/bus/usb/devices': No such file or directory",
                UsbInventory.unreadable("No such file or directory").unreadable());
    }
}
