package org.virtstartuppolicy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestDomains;
import org.virtstartuppolicy.TestImages;
import org.virtstartuppolicy.image.QemuUser;

/** A rule file edited, added, broken and mended while the service runs: each next decision uses what is on disk. */
class ServiceReloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String BROKEN = """
            package site.tests;
            rule "Does not compile"
                ruleflow-group "site-action"
            when
                NoSuchFact()
            then
            end
            """;

    @Test
    void theNextDecisionUsesTheRulesOnDiskAndRulesThatStopCompilingLeaveTheLastGoodOnes() throws IOException {
        Path site = Files.createDirectories(dir.resolve("site"));
        Path log = dir.resolve("decisions.jsonl");
        QemuUser me = QemuUser.current();
        Path config = Files.writeString(dir.resolve("config.yaml"), "qemu: {uid: " + me.uid() + ", gid: " + me.gid() + "}\n"
                + "decisionLog: " + log + "\nrules: {site: [" + site + "]}\n");
        Path present = TestImages.raw(dir.resolve("system.raw"));
        String xml = TestDomains.domain(TestDomains.disk("file", "disk", "raw", present.toString(), null, "vda"),
                TestDomains.disk("file", "cdrom", "raw", dir.resolve("gone.iso").toString(), "mandatory", "sda"));

        try (RunningService service = RunningService.start(config, dir.resolve("socket"))) {
            JsonNode baseline = decide(service, xml);
            assertEquals("fail", baseline.get("verdict").asText(), "a missing mandatory medium fails the start");
            String baselineDigest = rules(service).get("digest").asText();

            // a rule file added to the site folder: the next decision drops the medium
            Files.copy(Path.of("rules/tests/site-rules/drop-missing.drl"), site.resolve("drop.drl"));
            JsonNode dropped = decide(service, xml);
            assertEquals("start", dropped.get("verdict").asText());
            assertEquals("eject", dropped.get("disks").get(1).get("action").asText());
            String dropDigest = rules(service).get("digest").asText();
            assertNotEquals(baselineDigest, dropDigest);
            assertEquals(dropDigest, lastLogged(log).get("rulesDigest").asText(), "the log names the rules that decided");

            // the same file edited in place: its reason changes in the next decision
            Files.writeString(site.resolve("drop.drl"), Files.readString(site.resolve("drop.drl"))
                    .replace("dropped by the test site", "dropped by the edited site rule"));
            JsonNode edited = decide(service, xml);
            assertTrue(edited.get("disks").get(1).get("reason").asText().contains("dropped by the edited site rule"),
                    edited.toString());
            String editedDigest = rules(service).get("digest").asText();
            assertNotEquals(dropDigest, editedDigest);

            // a file that does not compile: reported, and the last good rules keep deciding
            Files.writeString(site.resolve("zz-broken.drl"), BROKEN);
            JsonNode stillServed = decide(service, xml);
            assertEquals("start", stillServed.get("verdict").asText());
            assertEquals(editedDigest, lastLogged(log).get("rulesDigest").asText());
            JsonNode rules = rules(service);
            assertEquals(editedDigest, rules.get("digest").asText());
            assertTrue(rules.get("error").get("problems").get(0).asText().contains("zz-broken.drl"), rules.toString());
            assertTrue(JSON.readTree(service.get("/v1/health").text()).get("rulesError").asBoolean());

            // mended: the error goes, and the mended set is in force
            Files.delete(site.resolve("zz-broken.drl"));
            decide(service, xml);
            rules = rules(service);
            assertTrue(rules.get("error").isNull(), rules.toString());
            assertEquals(editedDigest, rules.get("digest").asText(), "the same files as before the breakage");

            // a config edit alone (no rule change): in force without a recompilation
            Files.writeString(config, Files.readString(config) + "context: restore\n");
            assertEquals("restore", decide(service, xml).get("context").asText());
            assertEquals(editedDigest, rules(service).get("digest").asText());
            // a config that no longer parses: reported, the last good one keeps serving
            Files.writeString(config, Files.readString(config) + "nonsense: [\n");
            assertEquals("restore", decide(service, xml).get("context").asText());
            assertFalse(rules(service).get("error").isNull());
        }
    }

    private static JsonNode decide(RunningService service, String xml) throws IOException {
        ServiceClient.Response answer = service.post("/v1/decisions", xml);
        assertEquals(200, answer.status(), answer.text());
        return JSON.readTree(answer.text());
    }

    private static JsonNode rules(RunningService service) throws IOException {
        return JSON.readTree(service.get("/v1/rules").text());
    }

    private static JsonNode lastLogged(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return JSON.readTree(lines.get(lines.size() - 1));
    }
}
