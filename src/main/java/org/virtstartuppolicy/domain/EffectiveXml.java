package org.virtstartuppolicy.domain;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.virtstartuppolicy.ToolError;

/**
 * The definition as this start would use it, edited in the original text so that everything
 * else stays byte for byte (comments, attribute order and quotes, namespaces, metadata): removed
 * disks are cut out; an ejected medium loses its source (path, format, backing chain, and so its
 * startupPolicy) and its driver's type, and keeps its target, readonly flag and address.
 */
public final class EffectiveXml {
    private static final Pattern DRIVER_TYPE = Pattern.compile("\\s+type\\s*=\\s*(\"[^\"]*\"|'[^']*')");

    private EffectiveXml() {
    }

    /** A range of the text: an element, from its {@code <} to the end of its end tag. */
    private record Span(int start, int end) {
    }

    /**
     * @param removed the indexes of the disks (in document order) to cut out
     * @param ejected the indexes of the disks whose medium is ejected
     */
    public static String of(String xml, Set<Integer> removed, Set<Integer> ejected, String sourceName) {
        List<Span> disks = new ArrayList<>();
        List<List<Span>> sources = new ArrayList<>();
        List<Span> driverTags = new ArrayList<>();
        scan(xml, disks, sources, driverTags, new ArrayList<>(), sourceName);
        StringBuilder out = new StringBuilder(xml);
        for (int i = disks.size() - 1; i >= 0; i--) {
            Span disk = disks.get(i);
            if (removed.contains(i)) {
                out.delete(lineStart(xml, disk.start()), disk.end());
            } else if (ejected.contains(i)) {
                out.replace(disk.start(), disk.end(), ejectedText(xml, disk, sources.get(i), driverTags.get(i)));
            }
        }
        return out.toString();
    }

    /**
     * The definition with each listed disk's {@code startupPolicy} set, in the original text: only
     * that attribute of the disk's {@code <source>} start tag changes (added, or its value
     * replaced), everything else stays byte for byte.
     *
     * @param policies by disk index (in document order): the value to write; a disk without a
     *                 {@code <source>} element is left as it is
     */
    public static String withStartupPolicies(String xml, Map<Integer, String> policies, String sourceName) {
        List<Span> sourceTags = new ArrayList<>();
        scan(xml, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), sourceTags, sourceName);
        StringBuilder out = new StringBuilder(xml);
        for (int i = sourceTags.size() - 1; i >= 0; i--) {
            Span tag = sourceTags.get(i);
            if (tag == null || !policies.containsKey(i)) {
                continue;
            }
            String text = xml.substring(tag.start(), tag.end());
            Matcher existing = STARTUP_POLICY.matcher(text);
            String attribute = "startupPolicy='" + policies.get(i) + "'";
            String edited = existing.find() ? text.substring(0, existing.start(1)) + attribute + text.substring(existing.end(1))
                    : text.replaceFirst("\\s*(/?>)$", " " + attribute + "$1");
            out.replace(tag.start(), tag.end(), edited);
        }
        return out.toString();
    }

    private static final Pattern STARTUP_POLICY = Pattern.compile("\\s(startupPolicy\\s*=\\s*(\"[^\"]*\"|'[^']*'))");

    /**
     * Finds each disk of {@code <domain><devices>}, with its source and backingStore children, its
     * driver tag and its {@code <source>} start tag (null for a disk without one).
     */
    private static void scan(String xml, List<Span> disks, List<List<Span>> sources, List<Span> driverTags,
                             List<Span> sourceTags, String sourceName) {
        try {
            XMLInputFactory factory = XMLInputFactory.newFactory();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
            List<String> path = new ArrayList<>();
            int diskStart = -1;
            int childStart = -1;
            while (reader.hasNext()) {
                int event = reader.next();
                int offset = reader.getLocation().getCharacterOffset();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    path.add(reader.getLocalName());
                    int start = xml.lastIndexOf('<', offset - 1);
                    if (path.equals(List.of("domain", "devices", "disk"))) {
                        diskStart = start;
                        sources.add(new ArrayList<>());
                        driverTags.add(null);
                        sourceTags.add(null);
                    } else if (path.size() == 4 && diskStart >= 0) {
                        childStart = start;
                        if (path.get(3).equals("driver")) {
                            driverTags.set(driverTags.size() - 1, new Span(start, offset));
                        } else if (path.get(3).equals("source") && sourceTags.get(sourceTags.size() - 1) == null) {
                            sourceTags.set(sourceTags.size() - 1, new Span(start, offset));
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    if (path.equals(List.of("domain", "devices", "disk"))) {
                        disks.add(new Span(diskStart, offset));
                        diskStart = -1;
                    } else if (path.size() == 4 && diskStart >= 0
                            && (path.get(3).equals("source") || path.get(3).equals("backingStore"))) {
                        sources.get(sources.size() - 1).add(new Span(childStart, offset));
                    }
                    path.remove(path.size() - 1);
                }
            }
        } catch (XMLStreamException e) {
            throw new ToolError(sourceName + ": cannot write the effective definition: " + e.getMessage());
        }
    }

    /** A replacement of part of the text. */
    private record Edit(int start, int end, String replacement) {
    }

    private static String ejectedText(String xml, Span disk, List<Span> sources, Span driverTag) {
        List<Edit> edits = new ArrayList<>();
        for (Span source : sources) {
            edits.add(new Edit(lineStart(xml, source.start()), source.end(), ""));
        }
        if (driverTag != null) {
            // An emptied drive has no format: its driver keeps every attribute but type.
            String tag = xml.substring(driverTag.start(), driverTag.end());
            edits.add(new Edit(driverTag.start(), driverTag.end(), DRIVER_TYPE.matcher(tag).replaceFirst("")));
        }
        edits.sort((a, b) -> Integer.compare(b.start(), a.start()));
        StringBuilder text = new StringBuilder(xml.substring(disk.start(), disk.end()));
        for (Edit edit : edits) {
            text.replace(edit.start() - disk.start(), edit.end() - disk.start(), edit.replacement());
        }
        return text.toString();
    }

    /** Where the line holding {@code offset} starts, when only white space precedes it on that line. */
    private static int lineStart(String xml, int offset) {
        int i = offset;
        while (i > 0 && (xml.charAt(i - 1) == ' ' || xml.charAt(i - 1) == '\t')) {
            i--;
        }
        return i > 0 && xml.charAt(i - 1) == '\n' ? i - 1 : i;
    }
}
