package org.virtstartuppolicy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plainly right config is read without the data binding, exactly as the data binding reads it. */
class PlainConfigTest {
    private static final List<String> PLAINLY_RIGHT = List.of(
            "{}\n",
            "qemu: {uid: 107, gid: 107}\ndynamicOwnership: false\nchainDepthLimit: 50\ncontext: restore\n"
                    + "decisionLog: log/decisions.jsonl\nstateDir: /run/x\ncacheDir: cache\n",
            "rules:\n  baseline: /etc/virt-startup-policy/libvirt\n  site: [site-rules, /etc/virt-startup-policy/site]\n",
            "rules:\n  site: []\n",
            "limits: {ruleFirings: 50}\n",
            "pools:\n  default: {path: /var/lib/libvirt/images}\n  scratch: {type: dir, path: /srv/scratch, active: false}\n",
            "site:\n  optionalPrefixes: [/srv/scratch, '/srv/other']\n  retries: 3\n  strict: true\n"
                    + "  nested: {a: [1, two, {b: false}]}\n");

    @Test
    void everyPlainlyRightConfigIsReadAsTheDataBindingReadsIt() throws IOException {
        String shipped = Files.readString(Path.of("config/virt-startup-policy.yaml"));
        for (String text : concat(shipped, PLAINLY_RIGHT)) {
            Config plain = PlainConfig.read(text);
            assertNotNull(plain, text);
            assertEquals(ConfigReader.readByDataBinding(text), plain, text);
        }
    }

    @Test
    void anythingElseIsLeftToTheDataBinding() {
        for (String text : List.of(
                "", "chainDepthLimit: deep\n", "chainDepthLimit: '50'\n", "chainDepthLimit: 5000000000\n",
                "decisionLog: 42\n", "decisionLog:\n", "qemu: {uid: 1}\n", "qemu: {uid: 1, gid: 1, user: qemu}\n",
                "pools:\n  default: yes\n", "pools:\n  default: {type: dir}\n", "rules: {site: one.drl}\n",
                "unknown: 1\n", "limits: {ruleFirings: many}\n", "limits: {rules: 5}\n", "context: restore\ncontext: migrate\n", "site: {ratio: 0.5}\n", "site: {x: null}\n",
                "- a list\n", "qemu: {uid: 1, gid: 1}\n---\nqemu: {uid: 2, gid: 2}\n")) {
            assertNull(PlainConfig.read(text), text);
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(0, first);
        return all;
    }
}
