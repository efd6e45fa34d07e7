package org.virtstartuppolicy.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.virtstartuppolicy.cli.Main;

/**
 * A whole host against the real daemon: guests defined with virsh share a middle image, one is
 * managed-saved, one autostarted, one running, one transient. {@code host} says what each
 * guest's next {@code virsh start} does; then, with the middle image assumed missing, what each
 * start does once it is really moved away, guest by guest and disk by disk (the managed-saved
 * guest is restored). {@code dependents} of the middle image agrees with what
 * {@code qemu-img info --backing-chain} says of every disk and image.
 */
@Tag("libvirt")
@Order(1)
@ExtendWith(ConformanceHost.Extension.class)
class HostConformanceTest {
    private static final String PREFIX = ConformanceCase.GUEST_PREFIX + "host-";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> STATE_OF_ACTION = Map.of("keep", "kept", "eject", "emptied", "remove", "removed");

    @Test
    void hostPredictsEveryStartAndWhatMovingASharedImageAwayDoes(ConformanceHost host) throws IOException {
        Path folder = Files.createDirectories(host.scratch().resolve("host"));
        Path templates = Files.createDirectories(folder.resolve("templates"));
        Path base = image(templates.resolve("base.qcow2"), null);
        Path middle = image(templates.resolve("middle.qcow2"), base);
        List<String> guests = new ArrayList<>();
        try {
            // mandatory (no policy) system disk on the shared chain, autostarted
            define(guests, "autostart", null, disk(image(folder.resolve("autostart.qcow2"), middle), "vda", "disk", "virtio", Policy.ABSENT));
            HostCommand.virsh("autostart", PREFIX + "autostart").orThrow();
            // an optional data disk on it
            define(guests, "optional", image(folder.resolve("optional-system.qcow2"), null),
                    disk(image(folder.resolve("optional-data.qcow2"), middle), "vdb", "disk", "virtio", Policy.OPTIONAL));
            // a requisite cdrom on it, managed-saved: its next start is a restore, which drops the medium
            define(guests, "saved", image(folder.resolve("saved-system.qcow2"), null),
                    disk(image(folder.resolve("saved-cd.qcow2"), middle), "sda", "cdrom", "sata", Policy.REQUISITE));
            HostCommand.virsh("start", PREFIX + "saved").orThrow();
            HostCommand.virsh("managedsave", PREFIX + "saved").orThrow();
            // the same cdrom, running: its next start is a cold boot, which a requisite medium fails
            define(guests, "running", image(folder.resolve("running-system.qcow2"), null),
                    disk(image(folder.resolve("running-cd.qcow2"), middle), "hdc", "cdrom", "ide", Policy.REQUISITE));
            HostCommand.virsh("start", PREFIX + "running").orThrow();
            // nothing shared
            define(guests, "unaffected", image(folder.resolve("unaffected-system.qcow2"), null));
            // listed, never evaluated: libvirt keeps no definition of it to start again
            Path transientXml = Files.writeString(folder.resolve("transient.xml"),
                    GuestDefinition.of(PREFIX + "transient", image(folder.resolve("transient-system.qcow2"), null)));
            HostCommand.virsh("create", transientXml.toString()).orThrow();
            guests.add(PREFIX + "transient");
            // an overlay no guest uses: deleting the middle image breaks it too
            Path unattached = image(folder.resolve("unattached.qcow2"), middle);

            Map<String, JsonNode> intact = ours(tool("host", "-o", "json"));
            assertEquals(new TreeSet<>(guests), intact.keySet(), "every guest of the host is listed");
            assertEquals(List.of("shut off", "true", "cold-boot"), row(intact, "autostart"));
            assertEquals(List.of("saved", "false", "restore"), row(intact, "saved"));
            assertEquals(List.of("running", "false", "cold-boot"), row(intact, "running"));
            assertEquals("running, transient", intact.get(PREFIX + "transient").get("state").asText());
            assertTrue(intact.get(PREFIX + "transient").path("verdict").isMissingNode(), "a transient guest is not evaluated");

            Map<String, JsonNode> assumed = ours(tool("host", "-o", "json", "--assume-missing", middle.toString()));
            for (String guest : List.of("autostart", "optional", "saved", "running")) {
                assertTrue(assumed.get(PREFIX + guest).get("changed").asBoolean(), guest + " changes without the middle image");
            }
            assertFalse(assumed.get(PREFIX + "unaffected").get("changed").asBoolean(), "a guest that does not use it is unchanged");

            JsonNode dependents = tool("dependents", "-o", "json", "--in", folder.toString(), middle.toString());
            assertEquals(groundTruthGuests(guests, middle), users(dependents.get("guests"), true), "guest disks over the middle image");
            assertEquals(groundTruthImages(folder, middle, guests), users(dependents.get("images"), false),
                    "images over the middle image that are no guest's disk");
            assertTrue(users(dependents.get("images"), false).contains(unattached.toString()), "an unattached overlay counts");

            // Each guest's next start, intact; then each is put back as it was (saved, running, shut off).
            for (String guest : evaluated(intact)) {
                compare(intact.get(guest), startAsNext(intact.get(guest)), "intact");
                putBack(intact.get(guest));
            }

            Path moved = Files.createDirectories(folder.resolve("retired")).resolve("middle.qcow2");
            Files.move(middle, moved);
            host.putBackAtEnd(() -> Files.deleteIfExists(moved));
            Map<String, JsonNode> after = ours(tool("host", "-o", "json"));
            for (String guest : evaluated(assumed)) {
                assertEquals(decisionOf(assumed.get(guest)), decisionOf(after.get(guest)),
                        guest + ": the assumption predicts what host says once the file is gone");
                compare(assumed.get(guest), startAsNext(assumed.get(guest)), "with " + middle + " moved away");
            }
        } finally {
            guests.forEach(host::removeGuest);
        }
    }

    private static Path image(Path path, Path backing) {
        List<String> command = new ArrayList<>(List.of("qemu-img", "create", "-q", "-f", "qcow2"));
        if (backing != null) {
            command.addAll(List.of("-b", backing.toString(), "-F", "qcow2"));
        }
        command.addAll(List.of(path.toString(), "16M"));
        HostCommand.run(command).orThrow();
        HostCommand.run("chmod", "0644", path.toString()).orThrow();
        return path;
    }

    private static String disk(Path source, String target, String device, String bus, Policy policy) {
        return "<disk type='file' device='" + device + "'><driver name='qemu' type='qcow2'/><source file='" + source + "'"
                + policy.attribute() + "/><target dev='" + target + "' bus='" + bus + "'/>"
                + (device.equals("cdrom") ? "<readonly/>" : "") + "</disk>";
    }

    private static void define(List<String> guests, String shortName, Path systemDisk, String... disks) throws IOException {
        String name = PREFIX + shortName;
        Path xml = Files.writeString(Path.of("/tmp", name + ".xml"), GuestDefinition.of(name, systemDisk, disks));
        try {
            HostCommand.virsh("define", xml.toString()).orThrow();
        } finally {
            Files.delete(xml);
        }
        guests.add(name);
    }

    /** The tool in process, as an operator runs it; exit 0 or 1, with its JSON document. */
    private static JsonNode tool(String... arguments) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(arguments);
        assertTrue(exit == 0 || exit == 1, String.join(" ", arguments) + ": exit " + exit + ": " + err);
        return JSON.readTree(out.toString());
    }

    /** This test's guests of a host document, by name (other test classes' guests may be there too). */
    private static Map<String, JsonNode> ours(JsonNode hostDocument) {
        Map<String, JsonNode> guests = new TreeMap<>();
        hostDocument.get("guests").forEach(guest -> {
            if (guest.get("name").asText().startsWith(PREFIX)) {
                guests.put(guest.get("name").asText(), guest);
            }
        });
        return guests;
    }

    private static List<String> row(Map<String, JsonNode> guests, String shortName) {
        JsonNode guest = guests.get(PREFIX + shortName);
        return List.of(guest.get("state").asText(), guest.get("autostart").asText(), guest.get("nextStart").asText());
    }

    private static List<String> evaluated(Map<String, JsonNode> guests) {
        return guests.values().stream().filter(guest -> guest.has("verdict")).map(guest -> guest.get("name").asText()).toList();
    }

    /** The verdict and each disk's action. */
    private static Map<String, String> decisionOf(JsonNode guest) {
        Map<String, String> decision = new LinkedHashMap<>();
        decision.put("verdict", guest.get("verdict").asText());
        guest.get("disks").forEach(disk -> decision.put(disk.get("target").asText(), disk.get("action").asText()));
        return decision;
    }

    /** What the guest's next {@code virsh start} does: a running guest is stopped first, a saved one restored. */
    private static LiveOutcome startAsNext(JsonNode guest) {
        String name = guest.get("name").asText();
        if (guest.get("state").asText().equals("running")) {
            HostCommand.virsh("destroy", name).orThrow();
        }
        HostCommand started = HostCommand.virsh("start", name);
        String liveXml = started.succeeded() ? HostCommand.virsh("dumpxml", name).orThrow().out() : null;
        return LiveOutcome.of(started, liveXml, List.of(), "");
    }

    /** The guest as it was before its start: shut off, managed-saved again, or running. */
    private static void putBack(JsonNode guest) {
        String name = guest.get("name").asText();
        switch (guest.get("state").asText()) {
            case "saved" -> HostCommand.virsh("managedsave", name).orThrow();
            case "running" -> {
            }
            default -> HostCommand.virsh("destroy", name).orThrow();
        }
    }

    private static void compare(JsonNode predicted, LiveOutcome libvirt, String when) {
        String name = predicted.get("name").asText();
        Map<String, String> decision = decisionOf(predicted);
        String why = name + " (" + when + "): host predicted " + decision + ", libvirt: " + libvirt.kind().label
                + (libvirt.message() == null ? "" : ": " + libvirt.message()) + " " + libvirt.disks();
        if (libvirt.kind() == LiveOutcome.Kind.STARTED) {
            assertEquals("start", decision.get("verdict"), why);
            predicted.get("disks").forEach(disk -> assertEquals(STATE_OF_ACTION.get(disk.get("action").asText()),
                    libvirt.state(disk.get("target").asText()), why));
        } else {
            assertEquals("fail", decision.get("verdict"), why);
            List<String> errors = new ArrayList<>();
            predicted.get("errors").forEach(error -> errors.add(error.get("message").asText()));
            assertTrue(errors.contains(libvirt.message()), why + "; the tool's errors: " + errors);
        }
    }

    /** The guest disks whose chain, as qemu-img follows it, passes through the image: "GUEST TARGET". */
    private static TreeSet<String> groundTruthGuests(List<String> guests, Path image) throws IOException {
        TreeSet<String> users = new TreeSet<>();
        for (String guest : guests) {
            if (!guest.endsWith("transient")) {
                for (Map.Entry<String, String> disk : disks(guest).entrySet()) {
                    if (chain(Path.of(disk.getValue())).contains(image.toString())) {
                        users.add(guest + " " + disk.getKey());
                    }
                }
            }
        }
        return users;
    }

    /** The image files in the folder, not the image itself nor any guest's disk, whose chain passes through it. */
    private static TreeSet<String> groundTruthImages(Path folder, Path image, List<String> guests) throws IOException {
        List<String> guestDisks = new ArrayList<>();
        for (String guest : guests) {
            guestDisks.addAll(disks(guest).values());
        }
        TreeSet<String> users = new TreeSet<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".qcow2")).toList()) {
                if (!guestDisks.contains(file.toString()) && chain(file).contains(image.toString())) {
                    users.add(file.toString());
                }
            }
        }
        return users;
    }

    /** A guest's disks, source by target, as {@code virsh domblklist} lists them. */
    private static Map<String, String> disks(String guest) {
        Map<String, String> disks = new LinkedHashMap<>();
        HostCommand.virsh("domblklist", "--inactive", guest).orThrow().out().lines().skip(2)
                .map(line -> line.strip().split("\\s+", 2)).filter(columns -> columns.length == 2)
                .forEach(columns -> disks.put(columns[0], columns[1]));
        return disks;
    }

    /** The files of an image's backing chain, as {@code qemu-img info --backing-chain} names them. */
    private static List<String> chain(Path image) throws IOException {
        List<String> files = new ArrayList<>();
        JSON.readTree(HostCommand.run("qemu-img", "info", "-U", "--backing-chain", "--output=json", image.toString())
                .orThrow().out()).forEach(element -> files.add(element.get("filename").asText()));
        return files;
    }

    private static TreeSet<String> users(JsonNode users, boolean guests) {
        TreeSet<String> found = new TreeSet<>();
        users.forEach(user -> found.add(guests ? user.get("name").asText() + " " + user.get("target").asText()
                : user.get("path").asText()));
        return found;
    }
}
