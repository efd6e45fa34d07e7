package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.decision.WhatIf;
import org.virtstartuppolicy.host.Dependents;
import org.virtstartuppolicy.host.HostReport;
import org.virtstartuppolicy.image.BackingChain;
import org.virtstartuppolicy.image.QemuUser;
import org.virtstartuppolicy.image.StoragePool;
import org.virtstartuppolicy.image.StoragePools;

/**
 * Prints results in an {@link OutputFormat}. JSON and YAML are written by Jackson's streaming
 * generators from one description of each document, so both say the same and start-up stays light.
 */
public final class Report {
    private Report() {
    }

    /** Built on first use: a text report pays nothing for them, a JSON one nothing for YAML. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private static final class Yaml {
        static final YAMLFactory FACTORY = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                // a string that reads as a number (a USB id such as 7523) stays a string for YAML readers
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .build();
    }

    @FunctionalInterface
    private interface Document {
        void write(JsonGenerator generator) throws IOException;
    }

    /**
     * A decision.
     *
     * @param explain whether to show how each disk's decision came about
     * @param inBatch one of many: JSON is then one line (JSON Lines) and YAML a {@code ---} document;
     *                alone, JSON is indented for reading
     */
    public static String of(Decision decision, OutputFormat format, boolean explain, boolean inBatch) {
        return of(decision, format, explain, inBatch, null);
    }

    /** @param file the input it was read from, named first (a {@code file:} line, a {@code "file"} field), or null */
    public static String of(Decision decision, OutputFormat format, boolean explain, boolean inBatch, String file) {
        return of(new WhatIf(decision, null), format, explain, inBatch, file);
    }

    /** A decision under what-if assumptions, with what the host as it is gives ({@code today}, {@code changed}). */
    public static String of(WhatIf decision, OutputFormat format, boolean explain, boolean inBatch, String file) {
        return switch (format) {
            case TEXT -> (file == null ? "" : "file: " + file + "\n") + TextReport.of(decision, explain);
            case JSON -> generate(format, !inBatch, g -> DecisionDocument.write(g, decision, explain, file));
            case YAML -> (inBatch ? "---\n" : "")
                    + generate(format, false, g -> DecisionDocument.write(g, decision, explain, file));
        };
    }

    /** One inspected image; JSON is a single line, so several images make JSON Lines. */
    public static String of(String image, BackingChain chain, OutputFormat format, QemuUser checkedAs) {
        return switch (format) {
            case TEXT -> ChainDocument.text(image, chain);
            case JSON -> generate(format, false, g -> ChainDocument.write(g, image, chain, checkedAs));
            case YAML -> "---\n" + generate(format, false, g -> ChainDocument.write(g, image, chain, checkedAs));
        };
    }

    /** The storage pools a host defines: a line each, or one JSON object (YAML document) each. */
    public static String of(StoragePools pools, OutputFormat format) {
        StringBuilder out = new StringBuilder();
        for (StoragePool pool : pools.byName().values().stream().sorted(Comparator.comparing(StoragePool::name)).toList()) {
            Document document = g -> {
                g.writeStartObject();
                ChainDocument.pool(g, pool);
                g.writeEndObject();
            };
            out.append(switch (format) {
                case TEXT -> "pool " + pool.describe() + "\n";
                case JSON -> generate(format, false, document);
                case YAML -> "---\n" + generate(format, false, document);
            });
        }
        if (format == OutputFormat.TEXT) {
            pools.unreadable().values().stream().sorted().forEach(why -> out.append("unreadable: ").append(why).append('\n'));
            if (pools.unlisted() != null) {
                out.append("unreadable: ").append(pools.unlisted()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * A host's guests, each for its next start.
     *
     * @param all with assumptions, every guest in the text table, not only those they change
     */
    public static String of(HostReport report, OutputFormat format, boolean all) {
        return switch (format) {
            case TEXT -> HostDocument.text(report, all);
            case JSON -> generate(format, true, g -> HostDocument.write(g, report));
            case YAML -> generate(format, false, g -> HostDocument.write(g, report));
        };
    }

    /** What uses a path. */
    public static String of(Dependents dependents, OutputFormat format) {
        return switch (format) {
            case TEXT -> DependentsDocument.text(dependents);
            case JSON -> generate(format, true, g -> DependentsDocument.write(g, dependents));
            case YAML -> generate(format, false, g -> DependentsDocument.write(g, dependents));
        };
    }

    /** A host's guests as one self-contained HTML page. */
    public static String page(HostReport report) {
        return HtmlPage.render("host.jte", HostPage.of(report));
    }

    /** What uses a path, as one self-contained HTML page. */
    public static String page(Dependents dependents) {
        return HtmlPage.render("dependents.jte", DependentsPage.of(dependents));
    }

    /**
     * The decisions of a log, as one self-contained HTML page: a timeline per guest.
     *
     * @param query the options that chose them, or empty
     */
    public static String page(LoggedDecisions.Found found, String log, String query) {
        return HtmlPage.render("explain.jte", ExplainPage.of(found, log, query));
    }

    /**
     * The log's entries as it wrote them ({@link LoggedDecisions.Found#documents}): JSON Lines, as
     * the log itself, or a YAML document each.
     */
    public static String of(LoggedDecisions.Found found, OutputFormat format) {
        StringBuilder out = new StringBuilder();
        for (JsonNode document : found.documents()) {
            out.append(switch (format) {
                case TEXT -> throw new IllegalArgumentException("the log's entries as text are LoggedDecisions.describe");
                case JSON -> generate(format, false, g -> Logs.MAPPER.writeTree(g, document));
                case YAML -> "---\n" + generate(format, false, g -> Logs.MAPPER.writeTree(g, document));
            });
        }
        return out.toString();
    }

    /** Writes a logged line's tree to either generator. */
    private static final class Logs {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The closing line of {@code inspect}'s text: whose access was judged. */
    public static String checkedAsText(QemuUser user) {
        return ChainDocument.checkedAsText(user) + "\n";
    }

    /** A one-line JSON generator, for writers of other JSON documents such as the decision log. */
    static JsonGenerator jsonGenerator(Writer out) throws IOException {
        return Json.FACTORY.createGenerator(out);
    }

    private static String generate(OutputFormat format, boolean indent, Document document) {
        // Jackson's UTF-8 generator writes bytes straight into the buffer: a host's JSON is tens of MB
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator generator = (format == OutputFormat.YAML ? Yaml.FACTORY : Json.FACTORY)
                .createGenerator(out, JsonEncoding.UTF8)) {
            if (indent) {
                generator.useDefaultPrettyPrinter();
            }
            document.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + format.name().toLowerCase(Locale.ROOT), e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text : text + "\n";
    }
}
