package org.virtstartuppolicy.conformance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case compared: libvirt's outcome against the tool's decision.
 *
 * @param libvirt     null when the case could not be run (then {@code differences} says why)
 * @param differences each disagreement, as "what: want (libvirt) …, got (tool) …"
 */
record CaseResult(ConformanceCase conformanceCase, LiveOutcome libvirt, ToolDecision tool, List<String> differences) {
    /** Actions the tool takes, as the states libvirt leaves a disk in. */
    private static final Map<String, String> STATE_OF_ACTION = Map.of("keep", "kept", "eject", "emptied", "remove", "removed");

    static CaseResult notRun(ConformanceCase conformanceCase, Exception why) {
        return new CaseResult(conformanceCase, null, null, List.of("could not run the case: " + why.getMessage()));
    }

    static CaseResult compare(ConformanceCase conformanceCase, LiveOutcome libvirt, ToolDecision tool) {
        List<String> differences = new ArrayList<>();
        if (tool.failure() != null) {
            differences.add("the tool could not evaluate: " + tool.failure());
        } else {
            String want = libvirtVerdict(conformanceCase, libvirt);
            if (!want.equals(tool.verdict())) {
                differences.add("verdict: want " + want + " (libvirt: " + libvirt.kind().label
                        + (libvirt.message() == null ? "" : ": " + libvirt.message()) + "), got " + tool.verdict()
                        + (tool.errors().isEmpty() ? "" : " (tool: " + String.join(" | ", tool.errors()) + ")"));
            } else if (libvirt.kind() == LiveOutcome.Kind.STARTED) {
                compareDisks(libvirt, tool, differences);
            } else if (want.equals("fail") && expected(libvirt) != null
                    && tool.errors().stream().noneMatch(error -> error.contains(expected(libvirt)))) {
                differences.add("message: want libvirt's \"" + expected(libvirt) + "\" word for word in an error, got "
                        + tool.errors());
            }
            if (!libvirt.events().equals(tool.events())) {
                differences.add("events: want " + libvirt.events() + ", got " + tool.events());
            }
        }
        return new CaseResult(conformanceCase, libvirt, tool, List.copyOf(differences));
    }

    /**
     * start or fail, as libvirt decided. Where QEMU refuses a device after libvirt's checks
     * passed, as it refuses a LUN on a loop device, libvirt's own decision was to start.
     */
    private static String libvirtVerdict(ConformanceCase conformanceCase, LiveOutcome libvirt) {
        return switch (libvirt.kind()) {
            case STARTED -> "start";
            case REFUSED_BY_QEMU -> conformanceCase.device().qemuRefusalExpected(libvirt.qemuWords()) ? "start" : "fail";
            case FAILED, DEFINITION_REFUSED -> "fail";
        };
    }

    /**
     * What the tool must say word for word: libvirt's error. Two deliberate differences, where
     * libvirt's startupPolicy check is not what stopped the start: where QEMU failed after it,
     * QEMU's own reason ("Could not open 'PATH': Permission denied") when virsh printed it, else
     * nothing beyond the verdict; where a shut-off snapshot's revert failed in
     * {@code qemu-img snapshot -a} before it, the file qemu-img could not open.
     */
    private static String expected(LiveOutcome libvirt) {
        Matcher reason = QEMU_REASON.matcher(libvirt.message());
        if (libvirt.kind() == LiveOutcome.Kind.REFUSED_BY_QEMU) {
            return reason.find() ? reason.group() : null;
        }
        if (libvirt.failedBeforeTheHook()) {
            String file = null;
            Matcher opened = QEMU_IMG_FILE.matcher(libvirt.message());
            while (opened.find()) {
                file = opened.group(1);
            }
            return file;
        }
        return libvirt.message();
    }

    private static final Pattern QEMU_REASON = Pattern.compile("Could not open '[^']*': [^\\n]*$");
    private static final Pattern QEMU_IMG_FILE = Pattern.compile("Could not open '([^']*)'");

    private static void compareDisks(LiveOutcome libvirt, ToolDecision tool, List<String> differences) {
        Set<String> targets = new LinkedHashSet<>(tool.actions().keySet());
        targets.addAll(libvirt.disks().keySet());
        for (String target : targets) {
            String got = STATE_OF_ACTION.getOrDefault(tool.actions().get(target), "absent from the decision");
            if (!libvirt.state(target).equals(got)) {
                differences.add(target + ": want " + libvirt.state(target) + ", got " + tool.actions().get(target));
            }
        }
    }

    boolean agrees() {
        return differences.isEmpty();
    }

    /** A deliberate difference: QEMU, not libvirt, refused the device, as it was expected to. */
    boolean refusedByQemu() {
        return libvirt != null && libvirt.kind() == LiveOutcome.Kind.REFUSED_BY_QEMU
                && conformanceCase.device().qemuRefusalExpected(libvirt.qemuWords());
    }
}
