package org.transferlab.protocol.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.transferlab.protocol.Json;

/**
 * Reads a spec from YAML or JSON (JSON is YAML, so one parser serves both), applies defaults and
 * validates it. Parse errors are reported as {@link FieldError}s with the path Jackson was at.
 */
public final class SpecCodec {

    private static final ObjectMapper YAML = Json.configure(new ObjectMapper(new YAMLFactory()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private SpecCodec() {}

    /** Parses, defaults and validates; throws {@link InvalidSpecException} naming each bad field. */
    public static ExperimentSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSpecException(List.of(new FieldError("$", "the spec is empty")));
        }
        ExperimentSpec raw;
        try {
            raw = YAML.readValue(text, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(describe(e)));
        }
        if (raw == null) {
            throw new InvalidSpecException(List.of(new FieldError("$", "the spec is empty")));
        }
        return SpecValidator.require(raw.withDefaults());
    }

    public static String toYaml(ExperimentSpec spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec record always serialises", e);
        }
    }

    private static FieldError describe(JsonProcessingException e) {
        String path = "$";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            path = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        String message = e.getOriginalMessage();
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field '" + u.getPropertyName() + "'";
        } else if (e.getCause() instanceof IllegalArgumentException iae) {
            message = iae.getMessage();
        }
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ")";
        }
        return new FieldError(path, message);
    }
}
