package org.virtstartuppolicy.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;

/**
 * A whole host under a root folder, as libvirt's files and the images say it: guests web1, web2,
 * db and saved, each a qcow2 overlay on a template's mid.qcow2, itself on base.raw (shared by all
 * four); web1 autostarted, db running, saved with a managed save, scratch running and transient;
 * libvirt's default pool, active, holding the guests' images and one no guest uses.
 */
final class LibvirtHost {
    static final String TEMPLATES = "/mnt/templates";
    static final String IMAGES = "/var/lib/libvirt/images";

    private final Path root;

    private LibvirtHost(Path root) {
        this.root = root;
    }

    /** Writes the host under {@code root}. */
    static LibvirtHost under(Path root) throws IOException {
        LibvirtHost host = new LibvirtHost(root);
        Files.createDirectories(host.at("/etc/libvirt/qemu/autostart"));
        Files.createDirectories(host.at("/run/libvirt/qemu"));
        TestImages.raw(host.at(TEMPLATES + "/base.raw"));
        TestImages.qcow2(host.at(TEMPLATES + "/mid.qcow2"), "base.raw", "raw");
        for (String name : new String[] {"web1", "web2", "db", "saved"}) {
            TestImages.qcow2(host.at(IMAGES + "/" + name + ".qcow2"), TEMPLATES + "/mid.qcow2", "qcow2");
            host.guest(name, IMAGES + "/" + name + ".qcow2", name.equals("web2") ? "optional" : null);
        }
        TestImages.qcow2(host.at(IMAGES + "/unattached.qcow2"), TEMPLATES + "/base.raw", "raw");
        Files.createSymbolicLink(host.at("/etc/libvirt/qemu/autostart/web1.xml"), Path.of("/etc/libvirt/qemu/web1.xml"));
        Files.writeString(host.at("/run/libvirt/qemu/db.xml"), "<domstatus state='running'/>");
        Files.writeString(host.at("/run/libvirt/qemu/scratch.xml"), "<domstatus state='running'/>");
        host.managedSave("saved", definition("saved", IMAGES + "/saved.qcow2", null));
        // libvirt's default pool, active: its folder's images are looked at by dependents
        Files.createDirectories(host.at("/etc/libvirt/storage"));
        Files.createDirectories(host.at("/run/libvirt/storage"));
        String pool = "<pool type='dir'><name>default</name><target><path>" + IMAGES + "</path></target></pool>";
        Files.writeString(host.at("/etc/libvirt/storage/default.xml"), pool);
        Files.writeString(host.at("/run/libvirt/storage/default.xml"), "<poolstate>" + pool + "</poolstate>");
        return host;
    }

    /** Where a host path is under the root. */
    Path at(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    /** Defines a persistent guest with one qcow2 disk, vda, as libvirt writes its definition. */
    void guest(String name, String top, String policy) throws IOException {
        Files.writeString(at("/etc/libvirt/qemu/" + name + ".xml"), definition(name, top, policy));
    }

    private static String definition(String name, String top, String policy) {
        return "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE.\n-->\n" + TestDomains.domain(
                TestDomains.disk("file", "disk", "qcow2", escaped(top), policy, "vda"))
                .replace("<name>guest</name>", "<name>" + escaped(name) + "</name>")
                .replace("6f0c9f8e-3b1a-4c55-9d0e-2a7b1c4d5e6f", UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;");
    }

    /** A managed-save image as libvirt's QEMU driver writes one: magic, header in the host's byte order, the definition. */
    private void managedSave(String name, String xml) throws IOException {
        byte[] text = (xml + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer save = ByteBuffer.allocate(92 + text.length + 4096).order(ByteOrder.nativeOrder());
        save.put("LibvirtQemudSave".getBytes(StandardCharsets.US_ASCII)).putInt(2).putInt(text.length).putInt(1).putInt(0)
                .putInt(0);
        save.position(92);
        save.put(text);
        Files.createDirectories(at("/var/lib/libvirt/qemu/save"));
        Files.write(at("/var/lib/libvirt/qemu/save/" + name + ".save"), save.array());
    }
}
