package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;

/**
 * A whole host, read from libvirt's files under a root as libvirt writes them: guests sharing a
 * template's base image, one with a managed save, one autostarted, one running, one transient.
 */
class HostAndDependentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATES = "/mnt/templates";
    private static final String IMAGES = "/var/lib/libvirt/images";

    @TempDir
    Path root;

    private Path at(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    private void guest(String name, String top, String policy) throws IOException {
        Files.writeString(at("/etc/libvirt/qemu/" + name + ".xml"), definition(name, top, policy));
    }

    private static String definition(String name, String top, String policy) {
        return "<!--\nWARNING: THIS IS AN AUTO-GENERATED FILE.\n-->\n" + TestDomains.domain(
                TestDomains.disk("file", "disk", "qcow2", top, policy, "vda")).replace("<name>guest</name>",
                "<name>" + name + "</name>").replace("6f0c9f8e-3b1a-4c55-9d0e-2a7b1c4d5e6f",
                java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
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

    @BeforeEach
    void host() throws IOException {
        Files.createDirectories(at("/etc/libvirt/qemu/autostart"));
        Files.createDirectories(at("/run/libvirt/qemu"));
        TestImages.raw(at(TEMPLATES + "/base.raw"));
        TestImages.qcow2(at(TEMPLATES + "/mid.qcow2"), "base.raw", "raw");
        for (String name : new String[] {"web1", "web2", "db", "saved"}) {
            TestImages.qcow2(at(IMAGES + "/" + name + ".qcow2"), TEMPLATES + "/mid.qcow2", "qcow2");
            guest(name, IMAGES + "/" + name + ".qcow2", name.equals("web2") ? "optional" : null);
        }
        TestImages.qcow2(at(IMAGES + "/unattached.qcow2"), TEMPLATES + "/base.raw", "raw");
        Files.createSymbolicLink(at("/etc/libvirt/qemu/autostart/web1.xml"), Path.of("/etc/libvirt/qemu/web1.xml"));
        Files.writeString(at("/run/libvirt/qemu/db.xml"), "<domstatus state='running'/>");
        Files.writeString(at("/run/libvirt/qemu/scratch.xml"), "<domstatus state='running'/>");
        managedSave("saved", definition("saved", IMAGES + "/saved.qcow2", null));
        // libvirt's default pool, active: its folder's images are looked at by dependents
        Files.createDirectories(at("/etc/libvirt/storage"));
        Files.createDirectories(at("/run/libvirt/storage"));
        String pool = "<pool type='dir'><name>default</name><target><path>" + IMAGES + "</path></target></pool>";
        Files.writeString(at("/etc/libvirt/storage/default.xml"), pool);
        Files.writeString(at("/run/libvirt/storage/default.xml"), "<poolstate>" + pool + "</poolstate>");
    }

    private CommandRun host(String... more) {
        String[] args = new String[more.length + 5];
        System.arraycopy(new String[] {"host", "--root", root.toString(), "--as-user", "0:0"}, 0, args, 0, 5);
        System.arraycopy(more, 0, args, 5, more.length);
        return CommandRun.of(args);
    }

    private static Map<String, JsonNode> byName(JsonNode document) {
        Map<String, JsonNode> guests = new HashMap<>();
        document.get("guests").forEach(guest -> guests.put(guest.get("name").asText(), guest));
        return guests;
    }

    @Test
    void everyGuestIsDecidedForItsNextStartFromLibvirtsOwnFiles() throws IOException {
        CommandRun run = host("-o", "json");
        assertEquals(0, run.exitCode(), run.err());
        Map<String, JsonNode> guests = byName(JSON.readTree(run.out()));

        assertEquals("cold-boot", guests.get("web1").get("nextStart").asText());
        assertTrue(guests.get("web1").get("autostart").asBoolean());
        assertEquals("start", guests.get("web1").get("verdict").asText());
        assertEquals("restore", guests.get("saved").get("nextStart").asText(), "a managed save is restored");
        assertEquals("saved", guests.get("saved").get("state").asText());
        assertEquals("restore", guests.get("saved").get("context").asText());
        assertEquals("running", guests.get("db").get("state").asText());
        assertEquals("cold-boot", guests.get("db").get("nextStart").asText(), "a running guest, for its next cold boot");
        assertEquals("running, transient", guests.get("scratch").get("state").asText());
        assertTrue(guests.get("scratch").get("nextStart").isNull(), "listed, not decided");
        assertFalse(guests.get("scratch").has("verdict"));
        assertEquals(5, JSON.readTree(run.out()).get("summary").get("guests").asInt());
    }

    @Test
    void withASharedImageAssumedMissingOnlyWhatChangesIsShownWithTheAssumptionBehindIt() throws IOException {
        CommandRun table = host("--assume-missing", TEMPLATES + "/mid.qcow2");
        assertEquals(1, table.exitCode(), table.err());
        assertTrue(table.out().contains("web1 vda: keep -> fail (--assume-missing " + TEMPLATES + "/mid.qcow2: "
                + TEMPLATES + "/mid.qcow2)"), table.out());
        assertTrue(table.out().contains("web2 vda: keep -> remove"), "optional: removed on a cold boot: " + table.out());
        assertTrue(table.out().contains("saved vda: keep -> fail"), table.out());
        assertFalse(table.out().contains("scratch"), "what does not change is not shown: " + table.out());

        Map<String, JsonNode> guests = byName(JSON.readTree(host("-o", "json", "--assume-missing", TEMPLATES + "/").out()));
        JsonNode web1 = guests.get("web1");
        assertTrue(web1.get("changed").asBoolean());
        assertEquals("start", web1.get("today").get("verdict").asText());
        assertEquals("fail", web1.get("verdict").asText());
        assertEquals("--assume-missing " + TEMPLATES + "/", web1.get("disks").get(0).get("problem").get("assumption").asText());
        assertTrue(Files.exists(at(TEMPLATES + "/mid.qcow2")), "nothing was touched");
    }

    @Test
    void assumingFilesThatAreNotThereDecidesNothingDifferentlyAndExitsZero() {
        CommandRun run = host("--assume-missing", "/srv/nothing-here");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("the assumptions change 0"), run.out());
    }

    @Test
    void dependentsOfATemplateFolderAreEveryGuestDiskAndEveryImageWhoseChainPassesThroughIt() throws IOException {
        CommandRun run = CommandRun.of("dependents", "--root", root.toString(), "--as-user", "0:0", "-o", "json", TEMPLATES);
        assertEquals(1, run.exitCode(), run.err());
        JsonNode document = JSON.readTree(run.out());
        assertEquals(4, document.get("guests").size(), "web1, web2, db and saved; not the transient one");
        assertEquals("[\"" + IMAGES + "/web1.qcow2\",\"" + TEMPLATES + "/mid.qcow2\"]",
                byName(document).get("web1").get("chain").toString());
        assertEquals(IMAGES + "/unattached.qcow2", document.get("images").get(0).get("path").asText(),
                "the pool's images besides the guests' disks: the one no guest uses");
        assertEquals(1, document.get("images").size(), document.toString());

        CommandRun nothing = CommandRun.of("dependents", "--root", root.toString(), "--as-user", "0:0", "/srv/other");
        assertEquals(0, nothing.exitCode(), nothing.out());
        assertTrue(nothing.out().endsWith("safe to remove\n"), nothing.out());
    }
}
