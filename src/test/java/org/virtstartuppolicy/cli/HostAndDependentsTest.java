package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole host ({@link LibvirtHost}), read from libvirt's files under a root as libvirt writes them. */
class HostAndDependentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATES = LibvirtHost.TEMPLATES;
    private static final String IMAGES = LibvirtHost.IMAGES;

    @TempDir
    Path root;

    private LibvirtHost host;

    @BeforeEach
    void host() throws IOException {
        host = LibvirtHost.under(root);
    }

    private Path at(String hostPath) {
        return host.at(hostPath);
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

    @Test
    void theShippedExampleHostDefinesItsGuestAsTheReadmeEvaluatesIt() throws IOException {
        String root = "src/examples/classic/host";
        // as the README's run judges access: as the example host's QEMU account
        String qemu = "64055:64055";
        JsonNode guest = JSON.readTree(CommandRun.of("host", "--root", root, "--as-user", qemu, "-o", "json").out())
                .get("guests").get(0);
        JsonNode evaluated = JSON.readTree(CommandRun.of("evaluate", "--root", root, "--as-user", qemu, "-o", "json",
                "src/examples/classic/fedora18.xml").out());
        assertEquals("fedora18", guest.get("name").asText());
        assertEquals(evaluated.get("verdict"), guest.get("verdict"));
        assertEquals(evaluated.get("disks"), guest.get("disks"), "the same disks, decided alike");
    }
}
