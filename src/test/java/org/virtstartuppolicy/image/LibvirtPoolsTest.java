package org.virtstartuppolicy.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libvirt's pool files, as libvirt 9.0 writes them, read under a host root. */
class LibvirtPoolsTest {
    @TempDir
    Path root;

    /** What {@code virsh pool-define-as scratch dir --target /srv/scratch} leaves in /etc/libvirt/storage. */
    private static final String DEFINED = """
            <!--
            WARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE
            OVERWRITTEN AND LOST. Changes to this xml configuration should be made using:
              virsh pool-edit scratch
            or other application using the libvirt API.
            -->

            <pool type='dir'>
              <name>scratch</name>
              <uuid>5a3e9c1d-2b7f-4e8a-9d6c-0f1e2d3c4b5a</uuid>
              <capacity unit='bytes'>0</capacity>
              <allocation unit='bytes'>0</allocation>
              <available unit='bytes'>0</available>
              <source>
              </source>
              <target>
                <path>/srv/scratch</path>
              </target>
            </pool>
            """;

    private Path write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aDefinedPoolIsActiveExactlyWhileItsRunFileExists() throws IOException {
        write("etc/libvirt/storage/scratch.xml", DEFINED);
        StoragePool defined = LibvirtPools.read(root).byName().get("scratch");
        assertEquals(new StoragePool("scratch", "dir", "/srv/scratch", false, "/etc/libvirt/storage/scratch.xml"), defined);

        write("run/libvirt/storage/scratch.xml", "<poolstate>" + DEFINED.substring(DEFINED.indexOf("<pool")) + "</poolstate>");
        assertTrue(LibvirtPools.read(root).byName().get("scratch").active());
    }

    @Test
    void volumePathsFollowOnlyWhereLibvirtsRuleIsDeterministic() {
        assertEquals("/srv/scratch/data.qcow2", new StoragePool("p", "dir", "/srv/scratch", true, "t").volumePath("data.qcow2"));
        assertEquals("/dev/vg0/lv1", new StoragePool("p", "logical", "/dev/vg0", true, "t").volumePath("lv1"));
        assertNull(new StoragePool("p", "iscsi", "/dev/disk/by-path", true, "t").volumePath("unit:0:0:1"));
        assertTrue(new StoragePool("p", "rbd", null, true, "t").isNetwork());
    }

    @Test
    void aMalformedOrHostileDefinitionIsReportedForItsPoolAndTheOthersAreStillRead() throws IOException {
        write("etc/libvirt/storage/scratch.xml", DEFINED);
        write("etc/libvirt/storage/broken.xml", "<pool type='dir'><name>broken</name>");
        write("etc/libvirt/storage/hostile.xml", "<?xml version='1.0'?>\n<!DOCTYPE pool [<!ENTITY x SYSTEM 'file:///etc/shadow'>]>"
                + "<pool type='dir'><name>&x;</name></pool>");

        StoragePools pools = LibvirtPools.read(root);
        assertEquals(Map.of("scratch", pools.byName().get("scratch")), pools.byName());
        assertTrue(pools.unreadable().get("broken").startsWith("/etc/libvirt/storage/broken.xml:1: malformed XML"),
                pools.unreadable().get("broken"));
        assertEquals("/etc/libvirt/storage/hostile.xml:2: a DOCTYPE is not allowed in a storage pool definition"
                + " (entities are never resolved)", pools.unreadable().get("hostile"));
        assertTrue(pools.whyUnknown("broken").startsWith("/etc/libvirt/storage/broken.xml:1: malformed XML"),
                pools.whyUnknown("broken"));
        assertNull(pools.whyUnknown("never-defined"));
    }

    @Test
    void aHostWithoutLibvirtHasNoPools() {
        assertTrue(LibvirtPools.read(root).byName().isEmpty());
        assertFalse(LibvirtPools.read(root).whyUnknown("default") != null);
    }

    @Test
    void theConfigsPoolsOverrideLibvirtsOfTheSameName() throws IOException {
        write("etc/libvirt/storage/scratch.xml", DEFINED);
        StoragePool override = new StoragePool("scratch", "dir", "/mnt/scratch", true, "the config's pools key");
        assertEquals(override, LibvirtPools.read(root).overriddenBy(Map.of("scratch", override)).byName().get("scratch"));
    }
}
