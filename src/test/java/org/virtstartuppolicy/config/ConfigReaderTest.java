package org.virtstartuppolicy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.evaluation.EvaluationLimits;
import org.virtstartuppolicy.facts.Site;
import org.virtstartuppolicy.facts.StartContext;

/** The YAML config: where it is found, what it may say, and errors that name the key and line. */
class ConfigReaderTest {
    @TempDir
    Path dir;

    @Test
    void shippedConfigIsValid() {
        Config config = ConfigReader.read(Path.of("config/virt-startup-policy.yaml"));
        assertEquals(64055, config.qemu().uid());
        assertEquals(200, config.chainDepthLimit());
        assertEquals(new Config.Limits(4 << 20, 1024, 100_000), config.limits());
        assertEquals(EvaluationLimits.DEFAULTS, EvaluationLimits.of(config), "the documented defaults");
        assertEquals(EvaluationLimits.DEFAULTS, EvaluationLimits.of(Config.DEFAULTS));
    }

    @Test
    void theServiceSectionHasDefaultsAndRelativeSocketsAreTakenFromTheConfigsFolder() throws IOException {
        Config.Service none = ConfigReader.read(Files.writeString(dir.resolve("none.yaml"), "{}\n")).serviceSettings();
        assertEquals(Path.of("/run/virt-startup-policy/socket"), none.socketPath());
        assertEquals(true, none.fallsBack());
        assertEquals(1L << 20, none.requestLimit());
        Config config = ConfigReader.read(Files.writeString(dir.resolve("service.yaml"),
                "service: {socket: run/socket, fallback: false, maxRequestBytes: 4096}\n"));
        assertEquals(dir.resolve("run/socket").toAbsolutePath(), config.serviceSettings().socketPath());
        assertEquals(false, config.serviceSettings().fallsBack());
        assertEquals(4096, config.serviceSettings().requestLimit());
        String shipped = Files.readString(Path.of("config/virt-startup-policy.yaml"))
                .replace("# service:", "service:").replace("#   socket", "  socket").replace("#   fallback", "  fallback")
                .replace("#   maxRequestBytes", "  maxRequestBytes")
                .replace("#   maxConcurrentRequests", "  maxConcurrentRequests");
        assertEquals(true, ConfigReader.read(Files.writeString(dir.resolve("shipped.yaml"), shipped)).serviceSettings()
                .fallsBack(), "the documented section, uncommented, is valid");
    }

    @Test
    void lookupOrderIsOptionThenEnvironmentThenSystemFileThenDefaults() throws IOException {
        Path option = dir.resolve("option.yaml");
        Path system = dir.resolve("system.yaml");
        assertEquals(option, ConfigReader.locate(option, "/from/env.yaml", system));
        assertEquals(Path.of("/from/env.yaml"), ConfigReader.locate(null, "/from/env.yaml", system));
        assertNull(ConfigReader.locate(null, null, system));
        Files.writeString(system, "{}\n");
        assertEquals(system, ConfigReader.locate(null, "", system));
    }

    @Test
    void everyKeyIsRead() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), """
                qemu: {uid: 107, gid: 107}
                chainDepthLimit: 50
                context: restore
                decisionLog: log/decisions.jsonl
                rules:
                  baseline: /etc/virt-startup-policy/libvirt
                  site: [site-rules, /etc/virt-startup-policy/site]
                pools:
                  default: {path: /var/lib/libvirt/images}
                site:
                  optionalPrefixes: [/srv/scratch]
                """);
        Config config = ConfigReader.read(file);
        assertEquals(50, config.chainDepthLimit());
        assertEquals(StartContext.RESTORE, config.startContext());
        assertEquals(dir.resolve("log/decisions.jsonl").toString(), config.decisionLog());
        assertEquals(Path.of("/etc/virt-startup-policy/libvirt"), config.baselineRules());
        assertEquals(List.of(dir.resolve("site-rules"), Path.of("/etc/virt-startup-policy/site")), config.siteRules());
        assertEquals("/var/lib/libvirt/images", config.pools().get("default").path());
        assertTrue(new Site(config.site()).pathUnder("/srv/scratch/a.qcow2", "optionalPrefixes"));
    }

    @Test
    void unknownNestedKeyNamesTheKeyAndItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "qemu:\n  uid: 1\n  gid: 1\n  user: qemu\n");
        assertEquals(file + ":4: unknown key 'qemu.user'",
                assertThrows(ToolError.class, () -> ConfigReader.read(file)).getMessage());
    }

    @Test
    void wrongTypeNamesTheKeyAndItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "chainDepthLimit: 10\npools:\n  default: yes\n");
        String message = assertThrows(ToolError.class, () -> ConfigReader.read(file)).getMessage();
        assertTrue(message.startsWith(file + ":3: wrong value for 'pools.default'"), message);
    }

    @Test
    void unknownContextNamesTheKeyAndItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "# site defaults\ncontext: reboot\n");
        assertEquals(file + ":2: wrong value for 'context': 'reboot' (expected cold-boot, restore, migrate, revert)",
                assertThrows(ToolError.class, () -> ConfigReader.read(file)).getMessage());
    }

    @Test
    void configThatIsNotYamlNamesFileAndLineInTheToolsWords() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "chainDepthLimit: 10\nqemu: [1, 2\n");
        assertEquals(file + ":2: not valid YAML: a list opened with '[' is not closed with ']'",
                assertThrows(ToolError.class, () -> ConfigReader.read(file)).getMessage());
        Path atTheEnd = Files.writeString(dir.resolve("end.yaml"),
                "decisionLog: /var/log/d.jsonl # [x]\nsite: {optionalPrefixes: ['/a}']}\nrules: [\n");
        assertEquals(atTheEnd + ":3: not valid YAML: a list opened with '[' is not closed with ']'",
                assertThrows(ToolError.class, () -> ConfigReader.read(atTheEnd)).getMessage());
        Path mapping = Files.writeString(dir.resolve("mapping.yaml"), "qemu: {\n");
        assertEquals(mapping + ":1: not valid YAML: a mapping opened with '{' is not closed with '}'",
                assertThrows(ToolError.class, () -> ConfigReader.read(mapping)).getMessage());
        Path tab = Files.writeString(dir.resolve("tab.yaml"), "qemu:\n\tuid: 1\n");
        assertEquals(tab + ":2: not valid YAML: a tab: YAML indents with spaces",
                assertThrows(ToolError.class, () -> ConfigReader.read(tab)).getMessage());
    }

    @Test
    void wrongTypeSaysWhatTheKeyWantsAndWhatItGotWithoutJavaTypes() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "# limits\nchainDepthLimit: lots\n");
        assertEquals(file + ":2: wrong value for 'chainDepthLimit': want a whole number, got 'lots'",
                assertThrows(ToolError.class, () -> ConfigReader.read(file)).getMessage());
        Path list = Files.writeString(dir.resolve("list.yaml"), "rules:\n  site: [a, [b]]\n");
        assertEquals(list + ":2: wrong value for 'rules.site[1]': want a single value (text), got a list",
                assertThrows(ToolError.class, () -> ConfigReader.read(list)).getMessage());
        Path qemu = Files.writeString(dir.resolve("qemu.yaml"), "qemu: {uid: 107}\n");
        assertEquals(qemu + ":1: 'qemu' needs the key 'gid'",
                assertThrows(ToolError.class, () -> ConfigReader.read(qemu)).getMessage());
        Path binary = Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertEquals(binary + ": not a config file: not UTF-8 text",
                assertThrows(ToolError.class, () -> ConfigReader.read(binary)).getMessage());
    }

    @Test
    void theCommonYamlMistakesAreToldInPlainWords() throws IOException {
        Path indented = Files.writeString(dir.resolve("indented.yaml"), "site:\noptionalPrefixes: [/a]\n  cacheDir: x\n");
        assertEquals(indented + ":3: not valid YAML: a key indented deeper than the keys before it (the keys of one"
                + " mapping start in the same column)", assertThrows(ToolError.class, () -> ConfigReader.read(indented)).getMessage());
        Path item = Files.writeString(dir.resolve("item.yaml"), "rules:\n  site:\n    - a\n  - b\n");
        assertEquals(item + ":4: not valid YAML: a list item ('- ...') where a key was expected (list items go under a"
                + " key with nothing after its ':', indented alike)", assertThrows(ToolError.class, () -> ConfigReader.read(item)).getMessage());
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# where compiled rules go\ncacheDir:\n");
        assertEquals(empty + ":2: 'cacheDir' has no value: write one after the ':', or leave the key out for its default",
                assertThrows(ToolError.class, () -> ConfigReader.read(empty)).getMessage());
    }

    @Test
    void aMisspeltKeySaysWhichWasMeant() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "decisionlog: /var/log/decisions.jsonl\n");
        assertEquals(file + ":1: unknown key 'decisionlog' (did you mean 'decisionLog'?)",
                assertThrows(ToolError.class, () -> ConfigReader.read(file)).getMessage());
        Path nested = Files.writeString(dir.resolve("nested.yaml"), "service:\n  fallbak: false\n");
        assertEquals(nested + ":2: unknown key 'service.fallbak' (did you mean 'fallback'?)",
                assertThrows(ToolError.class, () -> ConfigReader.read(nested)).getMessage());
        Path far = Files.writeString(dir.resolve("far.yaml"), "colour: blue\n");
        assertEquals(far + ":1: unknown key 'colour'", assertThrows(ToolError.class, () -> ConfigReader.read(far)).getMessage());
    }

    @Test
    void onErrorIsRefuseOrAllow() throws IOException {
        assertTrue(ConfigReader.read(Files.writeString(dir.resolve("allow.yaml"), "onError: allow\n")).allowsOnError());
        assertFalse(ConfigReader.read(Files.writeString(dir.resolve("none.yaml"), "context: restore\n")).allowsOnError());
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), "onError: ignore\n");
        assertEquals(wrong + ":1: wrong value for 'onError': 'ignore' (expected refuse or allow)",
                assertThrows(ToolError.class, () -> ConfigReader.read(wrong)).getMessage());
    }
}
