package org.virtstartuppolicy.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.virtstartuppolicy.cli.Main;

/**
 * What the tool decides for the XML libvirt is about to start, run in process as
 * {@code evaluate --output json --context CONTEXT FILE}, without {@code --as-user}: it finds
 * QEMU's account itself, as on a real host.
 *
 * @param failure what the tool printed when it could not evaluate (exit 2), else null
 * @param actions each disk's action (keep, eject, remove, fail), by target
 * @param errors  the messages of what fails the start
 */
record ToolDecision(String failure, String verdict, Map<String, String> actions, List<DiskEvent> events,
        List<String> errors) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ToolDecision evaluate(Path domainXml, String context) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("evaluate", "--output", "json", "--context", context, domainXml.toString());
        if (exit != 0 && exit != 1) {
            return new ToolDecision("exit " + exit + ": " + err.toString().strip(), null, Map.of(), List.of(), List.of());
        }
        try {
            JsonNode decision = JSON.readTree(out.toString());
            Map<String, String> actions = new LinkedHashMap<>();
            decision.get("disks").forEach(disk -> actions.put(disk.get("target").asText(), disk.get("action").asText()));
            List<DiskEvent> events = elements(decision.get("events")).map(event -> DiskEvent.fromTool(
                    event.get("target").asText(), event.get("reason").asText(), event.get("oldSource").textValue())).toList();
            return new ToolDecision(null, decision.get("verdict").asText(), actions, events,
                    elements(decision.get("errors")).map(error -> error.get("message").asText()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("the tool's JSON does not parse: " + out, e);
        }
    }

    private static Stream<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    /** For the table: the verdict, the disk under test's action and the events. */
    String summary(String target) {
        return failure != null ? "error (exit 2)" : verdict + " " + target + "=" + actions.get(target)
                + (events.isEmpty() ? "" : " [" + String.join(", ", events.stream().map(DiskEvent::brief).toList()) + "]");
    }
}
