package org.virtstartuppolicy.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.virtstartuppolicy.ToolError;
import org.virtstartuppolicy.config.YamlBindingError;
import org.virtstartuppolicy.config.YamlKeyLines;
import org.virtstartuppolicy.facts.Action;
import org.virtstartuppolicy.facts.ChangeEvent;
import org.virtstartuppolicy.facts.StartContext;
import org.virtstartuppolicy.facts.UsbOutcome;
import org.virtstartuppolicy.facts.Verdict;

/**
 * Reads scenario files (one or more YAML documents each, {@code ---} separated) strictly: an
 * unknown key, a wrong type or an impossible value names the file and line.
 */
public final class ScenarioReader {
    private static final ObjectReader READER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build().readerFor(Scenario.class);
    private static final Set<String> FORMATS = Set.of("raw", "iso", "qcow2", "qed", "vmdk");

    private ScenarioReader() {
    }

    /** Every scenario in the files and folders given (folders: every *.yaml and *.yml below, by name). */
    public static List<ScenarioCase> readAll(List<Path> paths) {
        List<ScenarioCase> cases = new ArrayList<>();
        for (Path path : paths) {
            for (Path file : scenarioFiles(path)) {
                cases.addAll(read(file));
            }
        }
        return cases;
    }

    private static List<Path> scenarioFiles(Path path) {
        if (!Files.exists(path)) {
            throw new ToolError(path + ": no such scenario file or folder");
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new ToolError(path + ": cannot read: " + e.getMessage());
        }
    }

    public static List<ScenarioCase> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (MalformedInputException e) {
            throw new ToolError(file + ": not a scenario file: not UTF-8 text");
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read: " + e.getMessage());
        }
        YamlKeyLines lines = YamlKeyLines.of(file, text);
        List<ScenarioCase> cases = new ArrayList<>();
        try (MappingIterator<Scenario> documents = READER.readValues(text)) {
            while (documents.hasNextValue()) {
                Scenario scenario = documents.nextValue();
                if (scenario != null) {
                    int index = cases.size();
                    cases.add(new ScenarioCase(scenario, file, lines.lineOf(index, List.of())));
                    validate(scenario, file, lines, index);
                }
            }
        } catch (JsonMappingException e) {
            throw new YamlBindingError(file, lines, cases.size()).of(e);
        } catch (JacksonException e) {
            throw new ToolError(file + ":" + (e.getLocation() == null ? 1 : e.getLocation().getLineNr())
                    + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new ToolError(file + ": cannot read: " + e.getMessage());
        }
        if (cases.isEmpty()) {
            throw new ToolError(file + ": no scenario in the file");
        }
        return cases;
    }

    /** What binding cannot say: required keys and the values each key allows. */
    /** {@code keep, eject, remove or fail}: every label of an enum, as a sentence lists them. */
    private static <T> String labels(T[] values, Function<T, String> label) {
        List<String> all = Stream.of(values).map(label).toList();
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    private static void validate(Scenario s, Path file, YamlKeyLines lines, int index) {
        Problem problem = (keys, message) -> {
            throw new ToolError(file + ":" + lines.lineOf(index, keys) + ": " + message);
        };
        if (s.name() == null || s.name().isBlank()) {
            problem.at(List.of(), "a scenario needs a name");
        }
        if ((s.domain() == null) == (s.domainFile() == null)) {
            problem.at(List.of("domain"), "a scenario needs exactly one of domain and domainFile");
        }
        if (s.context() != null && Stream.of(StartContext.values()).noneMatch(c -> c.getLabel().equals(s.context()))) {
            problem.at(List.of("context"), "unknown context '" + s.context() + "'");
        }
        if (s.expect() == null) {
            problem.at(List.of(), "a scenario needs expect");
        }
        if (s.expect().verdict() != null && Verdict.ofLabel(s.expect().verdict()) == null) {
            problem.at(List.of("expect", "verdict"), "verdict is " + labels(Verdict.values(), Verdict::label) + ", not '"
                    + s.expect().verdict() + "'");
        }
        for (Map.Entry<String, Scenario.DiskExpect> disk : nonNull(s.expect().disks()).entrySet()) {
            Scenario.DiskExpect want = disk.getValue();
            if (want == null) {
                problem.at(List.of("expect", "disks", disk.getKey()), "disk " + disk.getKey() + " expects nothing");
            } else if (want.action() != null && Action.ofLabel(want.action()) == null) {
                problem.at(List.of("expect", "disks", disk.getKey(), "action"), "action is "
                        + labels(Action.values(), Action::label) + ", not '" + want.action() + "'");
            } else if (want.event() != null && !want.event().equals("none") && ChangeEvent.ofLabel(want.event()) == null) {
                problem.at(List.of("expect", "disks", disk.getKey(), "event"), "event is "
                        + String.join(", ", Stream.of(ChangeEvent.values()).map(ChangeEvent::label).toList())
                        + " or none, not '" + want.event() + "'");
            }
        }
        for (Map.Entry<String, Scenario.UsbExpect> usb : nonNull(s.expect().usb()).entrySet()) {
            Scenario.UsbExpect want = usb.getValue();
            if (want == null) {
                problem.at(List.of("expect", "usb", usb.getKey()), usb.getKey() + " expects nothing");
            } else if (want.outcome() != null && UsbOutcome.ofLabel(want.outcome()) == null) {
                problem.at(List.of("expect", "usb", usb.getKey(), "outcome"), "outcome is "
                        + labels(UsbOutcome.values(), UsbOutcome::label) + ", not '" + want.outcome() + "'");
            }
        }
        List<Scenario.UsbHostDevice> usb = s.usb() == null ? List.of() : s.usb();
        for (int i = 0; i < usb.size(); i++) {
            Scenario.UsbHostDevice device = usb.get(i);
            if (device == null || device.vendor() == null || device.product() == null || device.bus() == null
                    || device.device() == null) {
                problem.at(List.of("usb"), "USB device #" + (i + 1) + " needs vendor, product, bus and device");
            } else if (device.bus() < 0 || device.bus() > 999 || device.device() < 0 || device.device() > 999) {
                problem.at(List.of("usb"), "USB device #" + (i + 1) + ": bus and device are numbers from 0 to 999");
            } else if (device.entry() != null && !device.entry().matches("[A-Za-z0-9.:_-]+")) {
                problem.at(List.of("usb"), "USB device #" + (i + 1) + ": entry '" + device.entry()
                        + "' is not a name in /sys/bus/usb/devices");
            }
        }
        for (Map.Entry<String, Scenario.Pool> entry : nonNull(s.pools()).entrySet()) {
            Scenario.Pool pool = entry.getValue();
            if (pool == null || pool.path() == null || !pool.path().startsWith("/")) {
                problem.at(List.of("pools", entry.getKey()), "pool " + entry.getKey() + " needs an absolute path");
            }
            if (!entry.getKey().matches("[A-Za-z0-9._-]+")) {
                problem.at(List.of("pools", entry.getKey()), "pool name " + entry.getKey() + " is not a libvirt pool name");
            }
        }
        for (Map.Entry<String, Scenario.HostFile> entry : nonNull(s.files()).entrySet()) {
            List<String> at = List.of("files", entry.getKey());
            Scenario.HostFile f = entry.getValue();
            if (!entry.getKey().startsWith("/")) {
                problem.at(at, "file " + entry.getKey() + " is not an absolute path");
            }
            if (f == null || Stream.of(f.format(), f.missing(), f.symlink(), f.fifo(), f.directory())
                    .filter(k -> k != null).count() != 1) {
                problem.at(at, "file " + entry.getKey() + " needs exactly one of format, missing, symlink, fifo and directory");
                continue;
            }
            if (f.format() != null && !FORMATS.contains(f.format())) {
                problem.at(at, "format " + f.format() + " cannot be written (raw, iso, qcow2, qed, vmdk)");
            }
            if (f.mode() != null && !f.mode().matches("0?[0-7]{3}")) {
                problem.at(at, "mode " + f.mode() + " is not octal, e.g. \"0600\"");
            }
        }
    }

    @FunctionalInterface
    private interface Problem {
        void at(List<String> keys, String message);
    }

    private static <K, V> Map<K, V> nonNull(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
