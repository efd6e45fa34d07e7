package org.virtstartuppolicy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtstartuppolicy.TestImages;

/**
 * A guest with USB host devices, decided on a host root whose /sys/bus/usb/devices and /dev/bus/usb
 * are real files, as an operator runs it: every output, the order of the errors, the decision log.
 */
class UsbDevicesThroughTheCommandLineTest {
    @TempDir
    Path dir;
    private Path root;

    @BeforeEach
    void aHostWithOneStick() throws IOException {
        root = Files.createDirectories(dir.resolve("host"));
        Path stick = Files.createDirectories(root.resolve("sys/bus/usb/devices/1-2"));
        Files.writeString(stick.resolve("idVendor"), "1a86\n");
        Files.writeString(stick.resolve("idProduct"), "7523\n");
        Files.writeString(stick.resolve("devnum"), "4\n");
        Files.writeString(Files.createDirectories(root.resolve("dev/bus/usb/001")).resolve("004"), "");
    }

    private static String hostdev(String policy, String vendor, String product) {
        return "<hostdev mode='subsystem' type='usb' managed='no'><source" + (policy == null ? "" : " startupPolicy='"
                + policy + "'") + "><vendor id='" + vendor + "'/><product id='" + product + "'/></source></hostdev>";
    }

    /** An optional disk whose backing file is gone, with the USB devices given. */
    private Path guest(String... hostdevs) throws IOException {
        Path top = TestImages.qcow2(root.resolve("images/top.qcow2"), "/images/base.qcow2", "qcow2");
        return Files.writeString(dir.resolve("guest.xml"), "<domain type='kvm'><name>guest</name><devices>"
                + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/images/top.qcow2'"
                + " startupPolicy='optional'/><target dev='vda' bus='virtio'/></disk>" + String.join("", hostdevs)
                + "</devices></domain>");
    }

    @Test
    void anAbsentOptionalStickAndABrokenOptionalDiskMakeOneDecisionThatNamesBoth() throws IOException {
        Path guest = guest(hostdev("optional", "0x1a86", "0x7523"), hostdev("optional", "0x0403", "0x6001"));
        CommandRun text = CommandRun.of("evaluate", "--root", root.toString(), guest.toString());

        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("vda   disk    optional  remove  Cannot access backing file '/images/base.qcow2'"),
                text.out());
        assertTrue(text.out().contains("""
                USB            POLICY    OUTCOME  REASON
                usb 1a86:7523  optional  present  found at bus 1 device 4 (1-2)
                usb 0403:6001  optional  missing  not on the host; startupPolicy 'optional' starts the guest without it on a cold boot
                """), text.out());

        JsonNode json = new ObjectMapper().readTree(CommandRun.of("evaluate", "--root", root.toString(), "-o", "json",
                guest.toString()).out());
        assertEquals("remove", json.get("disks").get(0).get("action").asText());
        JsonNode ftdi = json.get("usbDevices").get(1);
        assertEquals(List.of("usb 0403:6001", "0403", "6001", "missing", "optional", "declared",
                        "Missing optional USB device is left out", "rules/libvirt/31-usb-action.drl"),
                List.of(ftdi.get("device").asText(), ftdi.get("vendor").asText(), ftdi.get("product").asText(),
                        ftdi.get("outcome").asText(), ftdi.get("policy").asText(), ftdi.get("policyFrom").asText(),
                        ftdi.get("decidedBy").get("rule").asText(), ftdi.get("decidedBy").get("file").asText()));
        assertEquals("/dev/bus/usb/001/004", json.get("usbDevices").get(0).get("found").get("node").asText());

        JsonNode yaml = new YAMLMapper().readTree(CommandRun.of("evaluate", "--root", root.toString(), "-o", "yaml",
                guest.toString()).out());
        assertEquals(json.get("usbDevices"), yaml.get("usbDevices"));
    }

    @Test
    void aMissingMandatoryStickIsTheStartsFirstErrorBeforeTheDisks() throws IOException {
        Path guest = guest(hostdev(null, "0x0403", "0x6001"));
        CommandRun run = CommandRun.of("evaluate", "--root", root.toString(), "--context", "restore", guest.toString());

        assertEquals(1, run.exitCode(), run.err());
        String errors = run.out().substring(run.out().indexOf("errors:"));
        assertTrue(errors.startsWith("""
                errors:
                  usb 0403:6001: internal error: Did not find USB device 0403:6001
                  vda: Cannot access backing file '/images/base.qcow2'"""), errors);
    }

    @Test
    void explainAndTheDecisionLogTellEachDevicesOutcomeAndRule() throws IOException {
        Path guest = guest(hostdev("requisite", "0x0403", "0x6001"));
        Path log = dir.resolve("decisions.jsonl");
        CommandRun run = CommandRun.of("evaluate", "--root", root.toString(), "--context", "migrate", "--explain",
                "--decision-log", log.toString(), guest.toString());

        assertEquals(1, run.exitCode(), "the optional disk fails an incoming migration: " + run.err());
        assertTrue(run.out().contains("""
                why usb 0403:6001: missing
                  - usb 0403:6001: not on the host (internal error: Did not find USB device 0403:6001)
                  - the start is an incoming migration
                  - usb 0403:6001: policy requisite (declared)
                      rule "Declared USB policy is in force" in rules/libvirt/21-usb-policy.drl"""), run.out());
        JsonNode logged = new ObjectMapper().readTree(Files.readAllLines(log).get(0)).get("usbDevices").get(0);
        assertEquals("missing", logged.get("outcome").asText());
        assertEquals("Missing requisite USB device is left out outside a cold boot", logged.get("decidedBy").get("rule").asText());

        CommandRun explain = CommandRun.of("explain", "--decision-log", log.toString());
        assertTrue(explain.out().contains("  usb 0403:6001: missing - not on the host; startupPolicy 'requisite' starts the"
                + " guest without it on an incoming migration\n      rule: Missing requisite USB device is left out outside a"
                + " cold boot\n"), explain.out());
    }

    @Test
    void withoutAUsbBusEveryUsbDeviceFailsAsLibvirtSays() throws IOException {
        Path guest = guest(hostdev("optional", "0x1a86", "0x7523"));
        Files.move(root.resolve("sys"), dir.resolve("sys-elsewhere"));
        CommandRun run = CommandRun.of("evaluate", "--root", root.toString(), guest.toString());

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.out().contains("usb 1a86:7523: cannot open directory '/sys/bus/usb/devices': No such file or directory"),
                run.out());
    }
}
