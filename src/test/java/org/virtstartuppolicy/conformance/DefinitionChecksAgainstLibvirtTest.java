package org.virtstartuppolicy.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.virtstartuppolicy.scenario.Scenario;
import org.virtstartuppolicy.scenario.ScenarioCase;
import org.virtstartuppolicy.scenario.ScenarioReader;
import org.virtstartuppolicy.scenario.ScenarioRunner;

/**
 * The rule scenarios' definitions given to the real daemon. Each is defined with virsh, its files
 * made real first (its name made the suite's, its uuid left to libvirt, software emulation):
 * where libvirt refuses it, the tool must refuse the start with libvirt's message word for word,
 * so a scenario about something else is one libvirt accepts. The definitions of
 * {@code validation.yaml}, the definition checks, are also started (cold boots) when libvirt
 * defines them: a start libvirt refuses is one the tool refuses in libvirt's words, and one that
 * starts is one the tool lets start. A definition with a network disk is not started: its
 * storage is not on this host, and the tool does not look at it.
 */
@Tag("libvirt")
@Order(1)
@ExtendWith(ConformanceHost.Extension.class)
class DefinitionChecksAgainstLibvirtTest {
    private static final Path SCENARIOS = Path.of("rules", "tests");
    private static final String CHECKS = "validation.yaml";
    private static final String PREFIX = ConformanceCase.GUEST_PREFIX + "def-";

    @TestFactory
    Stream<DynamicTest> everyScenarioDefinitionIsJudgedAsLibvirtJudgesIt(ConformanceHost host) {
        List<ScenarioCase> cases = ScenarioReader.readAll(List.of(SCENARIOS));
        return IntStream.range(0, cases.size()).mapToObj(i -> DynamicTest.dynamicTest(
                cases.get(i).file().getFileName() + ": " + cases.get(i).scenario().name(),
                () -> compare(host, cases.get(i), PREFIX + i)));
    }

    private static void compare(ConformanceHost host, ScenarioCase scenarioCase, String guest) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        boolean check = scenarioCase.file().getFileName().toString().equals(CHECKS);
        Path root = Files.createDirectories(host.scratch().resolve(guest));
        try {
            ScenarioRunner.writeHost(scenarioCase, root);
            Path xml = Files.writeString(root.resolve(guest + ".xml"), definition(scenarioCase, guest, root));
            String context = scenario.context() == null ? "cold-boot" : scenario.context();
            ToolDecision tool = ToolDecision.evaluate(xml, context);
            if (tool.failure() != null) {
                fail("the tool could not evaluate it: " + tool.failure());
            }
            HostCommand defined = HostCommand.virsh("define", xml.toString());
            if (!defined.succeeded()) {
                refusedAlike("virsh define", defined.libvirtError(), tool);
                return;
            }
            if (!check || !context.equals("cold-boot") || Files.readString(xml).contains("<disk type='network'")) {
                return;
            }
            HostCommand started = HostCommand.virsh("start", guest);
            if (!started.succeeded()) {
                refusedAlike("virsh start", started.libvirtError(), tool);
            } else if (!tool.verdict().equals("start")) {
                fail("libvirt starts it; the tool refuses the start: " + tool.errors());
            }
        } finally {
            host.removeGuest(guest);
            deleteTree(root);
        }
    }

    /** libvirt refused it with {@code message}: the tool must refuse the start with those words. */
    private static void refusedAlike(String command, String message, ToolDecision tool) {
        if (!tool.verdict().equals("fail") || !tool.errors().contains(message)) {
            fail(command + " refuses it: " + message + "\n  the tool: " + tool.verdict() + ", " + tool.errors());
        }
    }

    /**
     * The scenario's definition as this host's libvirt takes it: the suite's guest name, no uuid,
     * QEMU's software emulation, and each of the scenario's files at its place under the root.
     */
    private static String definition(ScenarioCase scenarioCase, String guest, Path root) throws IOException {
        Scenario scenario = scenarioCase.scenario();
        String xml = scenario.domain() != null ? scenario.domain()
                : Files.readString(scenarioCase.file().resolveSibling(scenario.domainFile()));
        xml = xml.replaceFirst("<name>[^<]*</name>", "<name>" + guest + "</name>")
                .replaceFirst("\\s*<uuid>[^<]*</uuid>", "")
                .replaceFirst("<domain type='kvm'", "<domain type='qemu'");
        List<String> files = new ArrayList<>(scenario.files() == null ? List.of() : scenario.files().keySet());
        files.sort(Comparator.comparingInt(String::length).reversed());
        for (String file : files) {
            xml = xml.replace("'" + file + "'", "'" + root + file + "'");
        }
        return xml;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
