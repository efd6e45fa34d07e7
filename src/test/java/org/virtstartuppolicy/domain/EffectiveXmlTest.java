package org.virtstartuppolicy.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The definition a start uses differs from the one given only in the disks it drops or empties. */
class EffectiveXmlTest {
    /** As virsh dumpxml prints a guest, with a comment, metadata in its own namespace, and odd quoting. */
    private static final String GUEST = """
            <!--
            WARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE
            OVERWRITTEN AND LOST. Changes to this xml configuration should be made using:
              virsh edit fedora18
            -->
            <domain type='kvm' xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0">
              <name>fedora18</name>
              <uuid>8d0b4a7e-2c1f-4b3e-9f5a-6e7d8c9b0a12</uuid>
              <metadata>
                <app:tags xmlns:app="http://example.org/app/1"><app:tag name="web"/></app:tags>
              </metadata>
              <os>
                <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
                <boot dev='hd'/>
              </os>
              <devices>
                <emulator>/usr/bin/qemu-system-x86_64</emulator>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2' cache="none"/>
                  <source file='/var/lib/libvirt/images/snap2.qcow' startupPolicy='optional'/>
                  <backingStore type='file'>
                    <format type='qcow2'/>
                    <source file='/var/lib/libvirt/images/snap1.qcow'/>
                  </backingStore>
                  <target dev='vda' bus='virtio'/>
                  <address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/>
                </disk>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source file='/var/lib/libvirt/images/data.raw'/>
                  <target dev='vdb' bus='virtio'/>
                </disk>
                <disk type='file' device='cdrom'>
                  <driver name="qemu" type="raw"/>
                  <source file="/var/lib/libvirt/images/install.iso" startupPolicy="requisite">
                    <seclabel model='dac' relabel='no'/>
                  </source>
                  <target dev='sda' bus='sata'/>
                  <readonly/>
                  <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                </disk>
                <interface type='network'>
                  <source network='default'/>
                </interface>
              </devices>
              <qemu:commandline>
                <qemu:arg value='-no-hpet'/>
              </qemu:commandline>
            </domain>
            """;

    @Test
    void removedDiskAndEjectedCdromAreTheOnlyDifferences() {
        String effective = EffectiveXml.of(GUEST, Set.of(0), Set.of(2), "fedora18.xml");

        String vda = GUEST.substring(GUEST.indexOf("    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2'"),
                GUEST.indexOf("    <disk type='file' device='disk'>\n      <driver name='qemu' type='raw'/>"));
        String expected = GUEST.replace(vda, "")
                .replace("      <driver name=\"qemu\" type=\"raw\"/>\n", "      <driver name=\"qemu\"/>\n")
                .replace("""
                              <source file="/var/lib/libvirt/images/install.iso" startupPolicy="requisite">
                                <seclabel model='dac' relabel='no'/>
                              </source>
                        """, "");
        assertEquals(expected, effective);
    }

    @Test
    void effectiveDefinitionIsADomainWithTheDroppedDiskGoneAndTheMediumEmpty() {
        Domain domain = new DomainXmlReader().read(new ByteArrayInputStream(
                EffectiveXml.of(GUEST, Set.of(0), Set.of(2), "fedora18.xml").getBytes(StandardCharsets.UTF_8)), "e.xml");
        assertEquals(2, domain.disks().size());
        Disk cdrom = domain.disks().get(1);
        assertTrue(cdrom.isEmpty());
        assertEquals(null, cdrom.startupPolicy());
        assertEquals(null, cdrom.driverType());
        assertTrue(cdrom.readonly());
        assertEquals("sda", cdrom.target());
    }

    @Test
    void writingStartupPoliciesChangesOnlyThatAttribute() {
        String written = EffectiveXml.withStartupPolicies(GUEST, Map.of(1, "optional", 2, "optional"), "fedora18.xml");

        String expected = GUEST.replace("<source file='/var/lib/libvirt/images/data.raw'/>",
                        "<source file='/var/lib/libvirt/images/data.raw' startupPolicy='optional'/>")
                .replace("startupPolicy=\"requisite\">", "startupPolicy='optional'>");
        assertEquals(expected, written);
        assertEquals("optional", new DomainXmlReader().read(new ByteArrayInputStream(written.getBytes(StandardCharsets.UTF_8)),
                "w.xml").disks().get(1).startupPolicy());
    }

    @Test
    void nothingToChangeLeavesTheTextAsItWas() {
        assertEquals(GUEST, EffectiveXml.of(GUEST, Set.of(), Set.of(), "fedora18.xml"));
    }
}
