package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.virtstartuppolicy.decision.Decision;
import org.virtstartuppolicy.image.BackingChain;

/** The ways a decision can be printed. */
public enum OutputFormat {
    TEXT, JSON, YAML;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML_MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    public String render(Decision decision) {
        try {
            return switch (this) {
                case TEXT -> TextReport.of(decision);
                case JSON -> JSON_MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(DecisionDocument.of(decision))
                        + "\n";
                case YAML -> YAML_MAPPER.writeValueAsString(DecisionDocument.of(decision));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision", e);
        }
    }

    /** One inspected image; JSON is a single line, so several images make JSON Lines. */
    public String render(String image, BackingChain chain) {
        try {
            return switch (this) {
                case TEXT -> ChainDocument.text(image, chain);
                case JSON -> JSON_MAPPER.writeValueAsString(ChainDocument.of(image, chain)) + "\n";
                case YAML -> "---\n" + YAML_MAPPER.writeValueAsString(ChainDocument.of(image, chain));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a chain", e);
        }
    }
}
