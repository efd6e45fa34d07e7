package org.virtstartuppolicy.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.Config;
import org.virtstartuppolicy.config.ConfigReader;
import org.virtstartuppolicy.hook.HookSettings;
import org.virtstartuppolicy.hook.HookSwitch;
import org.virtstartuppolicy.rules.RuleCache;
import org.virtstartuppolicy.service.ServiceClient;

/**
 * {@code check --host}: whether this host's installation would decide the next start as meant,
 * each part checked as the hook would meet it (the hook in libvirt's folder, the off switch, the
 * config, the rules and the fail-safe, the decision log, the hook's state, the rule cache, the
 * decision service, libvirt's version), so that a problem is found now and not at a guest start.
 *
 * @param root       the host's file system: where libvirt's hook folder is looked for
 * @param configFile the config the hook reads, or null for the built-in defaults
 */
public record Installation(Path root, Path configFile) {
    /** Where libvirt runs hooks from, and the name the package installs this one under. */
    public static final Path HOOK = Path.of("etc/libvirt/hooks/qemu.d/virt-startup-policy");
    /** The libvirt versions the conformance tests ran against. */
    private static final Pattern KNOWN_LIBVIRT = Pattern.compile("9\\.0\\.\\d+");
    private static final Pattern LIBVIRTD_VERSION = Pattern.compile("libvirtd \\(libvirt\\) (\\S+)");

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        findings.add(hook());
        HookSwitch off = HookSwitch.beside(configFile);
        if (off.isOff()) {
            findings.add(Finding.fail("off switch", off.file() + " exists: every start goes on unchecked",
                    "rm " + off.file()));
        }
        Config config = config(findings);
        if (config != null) {
            findings.add(decisionLog(config));
            findings.add(folder("state", config.hookState(), "the hook's notes between a start's calls"));
            findings.add(ruleCache(config));
            findings.add(service(config));
        }
        findings.add(libvirt());
        return findings;
    }

    private Finding hook() {
        Path hook = root.resolve(HOOK);
        if (!Files.exists(hook)) {
            return Finding.fail("hook", hook + " is not there: libvirt starts every guest without this tool",
                    "apt install ./virt-startup-policy_*_all.deb (or install -m 755 target/virt-startup-policy-hook " + hook
                            + "), then restart libvirtd, which looks for hooks when it starts");
        }
        if (!Files.isRegularFile(hook) || !Files.isExecutable(hook)) {
            return Finding.fail("hook", hook + " is not an executable file: libvirt skips it", "chmod 755 " + hook);
        }
        return Finding.ok("hook", hook + " is installed and executable");
    }

    /** The config, the rules in force, and what the hook's fail-safe does now; the config, or null when it does not read. */
    private Config config(List<Finding> findings) {
        String named = configFile == null ? "the built-in defaults (no config file)" : configFile.toString();
        Config config = null;
        try {
            config = ConfigReader.read(configFile);
            findings.add(Finding.ok("config", named + " reads"));
        } catch (ToolError e) {
            findings.add(Finding.fail("config", e.problems().get(0), "correct it; virt-startup-policy check says what is"
                    + " wrong"));
        }
        StringBuilder warnings = new StringBuilder();
        try {
            HookSettings settings = HookSettings.load(configFile, why -> warnings.append(why));
            if (!settings.decides()) {
                findings.add(Finding.fail("fail-safe", "every start goes on unchecked (" + settings.untouched() + ")",
                        "correct the config or the rules"));
            } else if (settings.fallback() != null) {
                findings.add(Finding.fail("fail-safe", "in use: " + settings.fallback(),
                        "correct the config or the rules; virt-startup-policy check says what is wrong"));
            } else {
                findings.add(Finding.ok("rules", settings.rules().files().size() + " rule files compile; kept as the last"
                        + " good set the hook falls back on"));
            }
        } catch (ToolError e) {
            findings.add(Finding.fail("rules", "every start would be refused: " + e.problems().get(0)
                    + " (no last good set is kept and onError is refuse)", "correct it; virt-startup-policy check says"
                    + " what is wrong"));
        }
        return config;
    }

    private static Finding decisionLog(Config config) {
        if (config.decisionLog() == null) {
            return Finding.note("log", "no decisionLog: decisions are not logged, so explain has nothing to show",
                    "set decisionLog: /var/log/virt-startup-policy/decisions.jsonl in the config");
        }
        Path log = Path.of(config.decisionLog());
        Path folder = log.toAbsolutePath().getParent();
        if (Files.exists(log)) {
            return Files.isRegularFile(log) && Files.isWritable(log) ? Finding.ok("log", log + " is writable")
                    : Finding.fail("log", log + " cannot be written: decisions are made but not logged",
                    "make it a file this account may write");
        }
        if (Files.isDirectory(folder)) {
            return Files.isWritable(folder) ? Finding.ok("log", log + " will be made at the first decision")
                    : Finding.fail("log", folder + " cannot be written: decisions are made but not logged",
                    "chmod u+w " + folder);
        }
        if (folder.getParent() != null && Files.isDirectory(folder.getParent())) {
            return Finding.ok("log", folder + " will be made (0700) at the first decision");
        }
        return Finding.fail("log", "no folder " + folder + " nor " + folder.getParent() + ": decisions are made but not"
                + " logged", "install -d -m 700 " + folder);
    }

    private static Finding folder(String subject, Path folder, String what) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            return Finding.fail(subject, folder + " cannot be made or written (" + what + "): every start would be refused",
                    "install -d -m 700 " + folder);
        }
        return Finding.ok(subject, folder + (existing.equals(folder) ? " is writable" : " will be made at the first start"));
    }

    private static Finding ruleCache(Config config) {
        StringBuilder why = new StringBuilder();
        Path folder = new RuleCache(config.ruleCache(), why::append).usableFolder();
        return folder != null ? Finding.ok("cache", folder + " is usable")
                : Finding.fail("cache", why + "; no last good set can be kept for the fail-safe",
                "install -d -m 700 -o root " + config.ruleCache());
    }

    private static Finding service(Config config) {
        if (config.service() == null) {
            return Finding.note("service", "none configured: each start runs a JVM (a fraction of a second)",
                    "see operating.md, \"The decision service\"");
        }
        Config.Service service = config.serviceSettings();
        String unanswered = service.fallsBack() ? "the hook decides in process" : "every start would be refused"
                + " (service.fallback is false)";
        try {
            ServiceClient.Response health = ServiceClient.exchange(service.socketPath(), "GET", "/v1/health", Map.of(),
                    null, Duration.ofSeconds(5));
            if (health.status() == 200) {
                return Finding.ok("service", service.socketPath() + " answers");
            }
            return (service.fallsBack() ? Finding.note("service", service.socketPath() + " answered " + health.status()
                    + ": " + unanswered, "journalctl -u virt-startup-policy")
                    : Finding.fail("service", service.socketPath() + " answered " + health.status() + ": " + unanswered,
                    "journalctl -u virt-startup-policy"));
        } catch (IOException e) {
            String found = service.socketPath() + " does not answer (" + e.getMessage() + "): " + unanswered;
            String fix = "systemctl start virt-startup-policy.socket";
            return service.fallsBack() ? Finding.note("service", found, fix) : Finding.fail("service", found, fix);
        }
    }

    /** libvirt's version, as libvirtd says it: one the conformance tests ran against, or not. */
    private static Finding libvirt() {
        String said;
        try {
            Process process = new ProcessBuilder("libvirtd", "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Finding.unknown("libvirt", "libvirtd --version did not answer within 10 s", null);
            }
            said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return Finding.unknown("libvirt", "no libvirtd on the PATH: is this a libvirt host?",
                    "apt install libvirt-daemon-system");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.unknown("libvirt", "interrupted while asking libvirtd its version", null);
        }
        Matcher version = LIBVIRTD_VERSION.matcher(said);
        if (!version.find()) {
            return Finding.unknown("libvirt", "libvirtd --version said '" + said.lines().findFirst().orElse("") + "'", null);
        }
        return KNOWN_LIBVIRT.matcher(version.group(1)).matches()
                ? Finding.ok("libvirt", version.group(1) + ", a version the tool was checked against")
                : Finding.unknown("libvirt", version.group(1) + " is not a version the tool was checked against (9.0)",
                "run the conformance tests on it (development.md, \"Conformance against a real libvirt\")");
    }
}
