package org.virtstartuppolicy.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.virtstartuppolicy.usb.UsbInventoryTest.entry;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.domain.UsbDevice;

/** libvirt's virHostdevFindUSBDevice over an inventory: what it finds, and its words when it does not. */
class UsbLookupTest {
    private static final UsbInventory HOST = UsbInventory.of(List.of(entry("1-2", "1a86", "7523", "4"),
            entry("2-1", "046d", "c52b", "3"), entry("2-2", "046d", "c52b", "5")), Set.of("001/004", "002/003", "002/005"));

    private static UsbDevice device(Integer vendor, Integer product, Integer bus, Integer device) {
        return new UsbDevice(0, vendor, product, bus, device, null, null);
    }

    @Test
    void findsByVendorAndProductByAddressOrByBoth() {
        HostUsbDevice stick = HOST.devices().get(0);
        assertEquals(UsbFinding.found(stick), UsbLookup.find(device(0x1a86, 0x7523, null, null), HOST));
        assertEquals(UsbFinding.found(stick), UsbLookup.find(device(null, null, 1, 4), HOST));
        assertEquals(UsbFinding.found(stick), UsbLookup.find(device(0x1a86, 0x7523, 1, 4), HOST));
    }

    @Test
    void notFoundNamesWhatTheDefinitionNames() {
        assertEquals(UsbFinding.notFound("internal error: Did not find USB device 1a86:7524"),
                UsbLookup.find(device(0x1a86, 0x7524, null, null), HOST));
        assertEquals(UsbFinding.notFound("internal error: Did not find USB device bus:1 device:5"),
                UsbLookup.find(device(null, null, 1, 5), HOST));
        assertEquals(UsbFinding.notFound("internal error: Did not find USB device 1a86:7523 bus:1 device:5"),
                UsbLookup.find(device(0x1a86, 0x7523, 1, 5), HOST));
        assertEquals(UsbFinding.notFound("internal error: Did not find USB device 0bda:0001"),
                UsbLookup.find(device(0xbda, 0x1, null, null), HOST));
    }

    @Test
    void severalMatchesWithoutAnAddressFailAndTheAddressPicksOne() {
        assertEquals(UsbFinding.error("operation failed: Multiple USB devices for 46d:c52b, use <address> to specify one"),
                UsbLookup.find(device(0x046d, 0xc52b, null, null), HOST));
        assertEquals(UsbFinding.found(HOST.devices().get(2)), UsbLookup.find(device(0x046d, 0xc52b, 2, 5), HOST));
    }

    @Test
    void aFoundDeviceWithoutItsNodeFails() {
        UsbInventory host = UsbInventory.of(List.of(entry("1-2", "1a86", "7523", "4")), Set.of());
        assertEquals(UsbFinding.error("Path '/dev/bus/usb/001/004' is not accessible: No such file or directory"),
                UsbLookup.find(device(0x1a86, 0x7523, null, null), host));
    }

    @Test
    void anUnreadableEntryFailsAScanThatReachesItAndNotOneThatStoppedBefore() {
        UsbInventory host = UsbInventory.of(List.of(entry("1-2", "1a86", "7523", "4"), entry("1-3", "zz!", "0", "0")),
                Set.of("001/004"));
        assertEquals(UsbFinding.error("internal error: Could not parse usb file /sys/bus/usb/devices/1-3/idVendor"),
                UsbLookup.find(device(0x1a86, 0x7523, null, null), host));
        assertEquals(UsbFinding.found(host.devices().get(0)), UsbLookup.find(device(null, null, 1, 4), host));
    }

    @Test
    void aHostWithoutAUsbFolderFailsEveryLookup() {
        assertEquals(UsbFinding.error("cannot open directory '/sys/bus/usb/devices': No such file or directory"),
                UsbLookup.find(device(null, null, 1, 4), UsbInventory.unreadable("No such file or directory")));
    }
}
