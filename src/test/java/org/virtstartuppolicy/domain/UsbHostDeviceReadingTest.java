package org.virtstartuppolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.ToolError;

/** The domain reader takes USB host devices as libvirt writes them and passes over other host devices. */
class UsbHostDeviceReadingTest {
    private static Domain read(String devices) {
        String xml = "<domain type='kvm'><name>g</name><devices>" + devices + "</devices></domain>";
        return new DomainXmlReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "g.xml");
    }

    @Test
    void readsVendorProductAddressPolicyAndAliasAndPassesOverAPciDevice() {
        Domain domain = read("""
                <hostdev mode='subsystem' type='pci' managed='yes'>
                  <source><address domain='0x0000' bus='0x06' slot='0x02' function='0x0'/></source>
                </hostdev>
                <hostdev mode='subsystem' type='usb' managed='no'>
                  <source startupPolicy='optional'>
                    <vendor id='0x1a86'/>
                    <product id='0x7523'/>
                    <address bus='1' device='4'/>
                  </source>
                  <alias name='hostdev0'/>
                </hostdev>
                <hostdev mode='subsystem' type='usb'>
                  <source><address bus='2' device='7'/></source>
                </hostdev>
                """);

        assertEquals(List.of(new UsbDevice(0, 0x1a86, 0x7523, 1, 4, "optional", "hostdev0"),
                new UsbDevice(1, null, null, 2, 7, null, null)), domain.usbDevices());
        assertEquals("usb 1a86:7523 bus 1 device 4", domain.usbDevices().get(0).label());
        assertEquals("usb bus 2 device 7", domain.usbDevices().get(1).label());
    }

    @Test
    void idsAreReadAsLibvirtReadsThemDecimalHexOrOctal() {
        assertEquals(0x1a86, UsbId.parse("6790"));
        assertEquals(0x1a86, UsbId.parse("0x1A86"));
        assertEquals(0x7523, UsbId.parse("072443"));
        assertEquals(0, UsbId.parse("0"));
        assertNull(UsbId.parse("0x"));
        assertNull(UsbId.parse("-1"));
        assertNull(UsbId.parse("08"));
        assertNull(UsbId.parse("0x1a86g"));
    }

    @Test
    void anIdLibvirtCouldNotHaveWrittenIsOneLineNamingTheFileAndTheDevice() {
        ToolError error = assertThrows(ToolError.class, () -> read(
                "<hostdev mode='subsystem' type='usb'><source><vendor id='0xzz'/><product id='1'/></source></hostdev>"));
        assertEquals("g.xml: USB host device #1: cannot parse vendor id '0xzz' (decimal, 0x hexadecimal or 0 octal)",
                error.getMessage());
        assertEquals("g.xml: USB host device #1: a vendor id without a product id", assertThrows(ToolError.class, () -> read(
                "<hostdev mode='subsystem' type='usb'><source><vendor id='1'/></source></hostdev>")).getMessage());
        assertEquals("g.xml: USB host device #1: names neither a vendor and product nor a bus and device",
                assertThrows(ToolError.class, () -> read("<hostdev mode='subsystem' type='usb'><source/></hostdev>"))
                        .getMessage());
    }
}
