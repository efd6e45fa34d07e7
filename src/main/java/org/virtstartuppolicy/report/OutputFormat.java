package org.virtstartuppolicy.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.virtstartuppolicy.decision.Decision;

/** The ways a decision can be printed. */
public enum OutputFormat {
    TEXT, JSON, YAML;

    private static final ObjectMapper JSON_MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML_MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    public String render(Decision decision) {
        try {
            return switch (this) {
                case TEXT -> TextReport.of(decision);
                case JSON -> JSON_MAPPER.writeValueAsString(DecisionDocument.of(decision)) + "\n";
                case YAML -> YAML_MAPPER.writeValueAsString(DecisionDocument.of(decision));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision", e);
        }
    }
}
