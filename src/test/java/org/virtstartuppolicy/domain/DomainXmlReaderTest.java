package org.virtstartuppolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtstartuppolicy.ToolError;

/** Reading domain XML as {@code virsh dumpxml} prints it, and refusing what is not safe to read. */
class DomainXmlReaderTest {

    private static Domain read(String xml) {
        return new DomainXmlReader().read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "guest.xml");
    }

    /** A running guest's dumpxml: the full backing chain written out, ending in {@code <backingStore/>}. */
    private static final String RUNNING_GUEST = """
            <domain type='kvm' id='3'>
              <name>fedora18</name>
              <uuid>d4e8a1f2-7c3b-4e5d-9a6f-0b1c2d3e4f50</uuid>
              <memory unit='KiB'>1048576</memory>
              <os>
                <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
                <boot dev='hd'/>
                <boot dev='cdrom'/>
              </os>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/var/lib/libvirt/images/snapshot/snap2.qcow' startupPolicy='optional' index='3'/>
                  <backingStore type='file' index='2'>
                    <format type='qcow2'/>
                    <source file='/var/lib/libvirt/images/snapshot/snap1.qcow'/>
                    <backingStore type='file' index='1'>
                      <format type='raw'/>
                      <source file='/var/lib/libvirt/images/fedora18.img'/>
                      <backingStore/>
                    </backingStore>
                  </backingStore>
                  <target dev='vda' bus='virtio'/>
                  <boot order='1'/>
                  <alias name='virtio-disk0'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x07' function='0x0'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <driver name='qemu'/>
                  <target dev='hdc' bus='ide'/>
                  <readonly/>
                  <alias name='ide0-1-0'/>
                </disk>
                <disk type='block' device='lun'>
                  <driver name='qemu' type='raw'/>
                  <source dev='/dev/disk/by-id/wwn-0x5000c500a1b2c3d4' startupPolicy='optional'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
                <disk type='volume' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source pool='default' volume='data.qcow2'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>
              </devices>
            </domain>
            """;

    @Test
    void readsTheDisksOfARunningGuestWithTheirWrittenChains() {
        Domain domain = read(RUNNING_GUEST);
        assertEquals("fedora18", domain.name());
        assertEquals("d4e8a1f2-7c3b-4e5d-9a6f-0b1c2d3e4f50", domain.uuid());
        assertEquals(List.of("hd", "cdrom"), domain.legacyBootDevices());
        assertEquals(4, domain.disks().size());

        Disk vda = domain.disks().get(0);
        assertEquals("/var/lib/libvirt/images/snapshot/snap2.qcow", vda.source().path());
        assertEquals("optional", vda.startupPolicy());
        assertEquals("qcow2", vda.driverType());
        assertEquals("1", vda.bootOrder());
        assertEquals(1L, vda.bootIndex());
        assertEquals("virtio-disk0", vda.alias());
        assertEquals(new DeclaredBackingStore(List.of(
                new DeclaredBackingStore.Layer("file", "qcow2", "/var/lib/libvirt/images/snapshot/snap1.qcow"),
                new DeclaredBackingStore.Layer("file", "raw", "/var/lib/libvirt/images/fedora18.img")), true),
                vda.backingStore());
    }

    @Test
    void readsEmptyDrivesBlockLunsAndVolumes() {
        Domain domain = read(RUNNING_GUEST);
        Disk hdc = domain.disks().get(1);
        assertTrue(hdc.isEmpty());
        assertTrue(hdc.readonly());
        assertNull(hdc.driverType());
        assertNull(hdc.backingStore());

        Disk sda = domain.disks().get(2);
        assertEquals("lun", sda.device());
        assertEquals("/dev/disk/by-id/wwn-0x5000c500a1b2c3d4", sda.source().path());

        Disk vdb = domain.disks().get(3);
        assertEquals("default/data.qcow2", vdb.source().label());
        assertFalse(vdb.isEmpty());
    }

    @Test
    void aDoctypeIsRefusedSoNoEntityIsEverResolved() {
        String hostile = """
                <?xml version="1.0"?>
                <!DOCTYPE domain [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
                <domain type='kvm'><name>&secret;</name></domain>
                """;
        ToolError error = assertThrows(ToolError.class, () -> read(hostile));
        assertEquals("guest.xml:2: a DOCTYPE is not allowed in domain XML (entities are never resolved)",
                error.getMessage());
    }

    @Test
    void malformedXmlNamesTheFileAndLine() {
        ToolError error = assertThrows(ToolError.class, () -> read("<domain>\n  <name>x</nam>\n</domain>"));
        assertTrue(error.getMessage().startsWith("guest.xml:2: malformed XML: "), error.getMessage());
    }

    @Test
    void aDocumentThatIsNotADomainIsRefused() {
        ToolError error = assertThrows(ToolError.class, () -> read("<network><name>default</name></network>"));
        assertEquals("guest.xml: not a libvirt domain: the root element is <network>, not <domain>",
                error.getMessage());
    }

    @Test
    void aBackingStoreWithoutASourceIsRefusedNamingTheDisk() {
        String xml = RUNNING_GUEST.replace("<source file='/var/lib/libvirt/images/snapshot/snap1.qcow'/>", "");
        ToolError error = assertThrows(ToolError.class, () -> read(xml));
        assertEquals("guest.xml: disk vda: a <backingStore> has no source path", error.getMessage());
    }

    /** Found by DomainXmlFuzzTest: a {@code <boot>} without {@code dev} crashed the reader. */
    @Test
    void legacyBootWithoutADeviceNamesNothingInsteadOfCrashing() {
        Domain domain = read("<domain><name>g</name><os><boot de-v='hd'/><boot dev='cdrom'/></os><devices/></domain>");
        assertEquals(List.of("cdrom"), domain.legacyBootDevices());
    }
}
