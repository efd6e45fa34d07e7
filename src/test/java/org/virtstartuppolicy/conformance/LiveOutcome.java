package org.virtstartuppolicy.conformance;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What libvirt did with the start.
 *
 * @param message libvirt's error (the text after {@code error: } on the line after
 *                {@code Failed to …}) when the start failed, else null
 * @param disks   when the guest started, each disk of the live XML by target: {@code kept} (with a
 *                source) or {@code emptied} (without); a disk of the definition that is not
 *                there was removed
 * @param events  the disk-change events libvirt emitted
 * @param qemuLog the end of the guest's QEMU log when QEMU refused the start, else ""
 */
record LiveOutcome(Kind kind, String message, Map<String, String> disks, List<DiskEvent> events, String qemuLog) {
    enum Kind {
        STARTED("start"),
        /** libvirt refused the start itself */
        FAILED("fail"),
        /** libvirt's own checks passed, then QEMU refused the device; the message is QEMU's */
        REFUSED_BY_QEMU("QEMU refused"),
        /** {@code virsh define} refused the XML */
        DEFINITION_REFUSED("definition refused");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    static LiveOutcome definitionRefused(String message) {
        return new LiveOutcome(Kind.DEFINITION_REFUSED, message, Map.of(), List.of(), "");
    }

    /**
     * @param started the start command
     * @param liveXml {@code virsh dumpxml} once it started, else null
     * @param qemuLog the guest's QEMU log ({@code /var/log/libvirt/qemu/GUEST.log}), or ""
     */
    static LiveOutcome of(HostCommand started, String liveXml, List<DiskEvent> events, String qemuLog) {
        if (started.succeeded()) {
            return new LiveOutcome(Kind.STARTED, null, disksOf(liveXml), events, "");
        }
        String message = started.libvirtError();
        if (!fromQemu(message)) {
            return new LiveOutcome(Kind.FAILED, message, Map.of(), events, "");
        }
        List<String> lines = qemuLog.lines().toList();
        return new LiveOutcome(Kind.REFUSED_BY_QEMU, message, Map.of(), events,
                String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
    }

    /**
     * What QEMU said when it refused the start: libvirt's error, which quotes QEMU's last words
     * only when they reached QEMU's log in time, and the end of that log, which has them.
     */
    String qemuWords() {
        return message + "\n" + qemuLog;
    }

    /**
     * Whether the start failed before libvirt called any hook: reverting a shut-off snapshot runs
     * {@code qemu-img snapshot -a} on each qcow2 disk first, and a missing image fails it there.
     */
    boolean failedBeforeTheHook() {
        return kind == Kind.FAILED && message.contains("qemu-img snapshot -a");
    }

    /** libvirt words the errors that QEMU reports as it starts this way, and then quotes QEMU. */
    private static boolean fromQemu(String message) {
        return message.contains("qemu unexpectedly closed the monitor")
                || message.contains("process exited while connecting to monitor");
    }

    /** Each disk's state, by target: removed when the definition had it and the live XML does not. */
    String state(String target) {
        return disks.getOrDefault(target, "removed");
    }

    /** For the table: what happened, the disk under test's state and the events. */
    String summary(String target) {
        return kind.label + (kind == Kind.STARTED ? " " + target + "=" + state(target) : "")
                + (events.isEmpty() ? "" : " [" + String.join(", ", events.stream().map(DiskEvent::brief).toList()) + "]");
    }

    /** The disk's own element of that name (a backing store's {@code <source>} is not the disk's). */
    private static Element child(Element disk, String name) {
        for (var node = disk.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static Map<String, String> disksOf(String liveXml) {
        try {
            NodeList disks = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new InputSource(new StringReader(liveXml))).getElementsByTagName("disk");
            Map<String, String> states = new LinkedHashMap<>();
            for (int i = 0; i < disks.getLength(); i++) {
                Element disk = (Element) disks.item(i);
                states.put(child(disk, "target").getAttribute("dev"), child(disk, "source") != null ? "kept" : "emptied");
            }
            return states;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalStateException("virsh dumpxml printed XML that does not parse: " + e.getMessage(), e);
        }
    }
}
