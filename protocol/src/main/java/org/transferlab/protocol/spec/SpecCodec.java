package org.transferlab.protocol.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Optional;
import java.util.stream.Collectors;
import org.transferlab.protocol.Json;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a spec from YAML or JSON (JSON is YAML, so one parser serves both), applies defaults and
 * validates it. Reading is strict (see {@link SpecSource}: one document, nothing after it, no
 * duplicate keys, no aliases). Every error is a {@link FieldError} with the field's path and, when
 * the field is written in the text, its line.
 */
public final class SpecCodec {

    private static final ObjectMapper YAML = Json.configure(new ObjectMapper(new YAMLFactory()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SpecCodec() {}

    /**
     * Parses, defaults and validates with no cost limits; for text that was accepted once already
     * (read back from the store) and for tests. Specs from users go through {@link #parse(String, SpecLimits)}.
     */
    public static ExperimentSpec parse(String text) {
        return parse(text, SpecLimits.UNBOUNDED);
    }

    /**
     * Reads back a spec this codec wrote ({@link #toYaml}) after it was accepted once: strictly
     * parsed and defaulted but not validated again, so that a rule added or a limit lowered since
     * never makes a recorded experiment unreadable.
     */
    public static ExperimentSpec readAccepted(String yaml) {
        if (yaml == null || yaml.isBlank()) {
            throw new InvalidSpecException(List.of(new FieldError("$", "the spec is empty")));
        }
        try {
            SpecSource.read(yaml);
            ExperimentSpec raw = YAML.readValue(yaml, ExperimentSpec.class);
            if (raw == null) {
                throw new InvalidSpecException(List.of(new FieldError("$", "the spec is empty")));
            }
            return raw.withDefaults();
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(describe(e, null)));
        } catch (YAMLException e) {
            throw new InvalidSpecException(List.of(syntaxError(yaml, e)));
        }
    }

    /** Parses, defaults and validates within {@code limits}; throws {@link InvalidSpecException} naming each bad field. */
    public static ExperimentSpec parse(String text, SpecLimits limits) {
        return parse(text, limits, UnaryOperator.identity());
    }

    /**
     * As {@link #parse(String, SpecLimits)}, with {@code resolve} applied to the spec as written
     * before defaults and validation: where the orchestrator fills in what it finds in the lab's
     * files ({@code data.sources}). It may throw {@link InvalidSpecException} naming the field.
     */
    public static ExperimentSpec parse(String text, SpecLimits limits, UnaryOperator<ExperimentSpec> resolve) {
        return parse(text, limits, resolve, LabDatasets.FULL);
    }

    /**
     * As {@link #parse(String, SpecLimits, UnaryOperator)}, with every example count checked against
     * the datasets as {@code lab} holds them: where the orchestrator knows what its workers will read.
     */
    public static ExperimentSpec parse(String text, SpecLimits limits, UnaryOperator<ExperimentSpec> resolve, LabDatasets lab) {
        if (text == null || text.isBlank()) {
            throw new InvalidSpecException(List.of(new FieldError("$", "the spec is empty")));
        }
        SpecSource source;
        try {
            source = SpecSource.read(text);
        } catch (YAMLException e) {
            throw new InvalidSpecException(List.of(syntaxError(text, e)));
        }
        ExperimentSpec raw;
        try {
            raw = YAML.readValue(text, ExperimentSpec.class);
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(describe(e, source)));
        }
        if (raw == null) {
            throw new InvalidSpecException(List.of(new FieldError("$", "the spec is empty")));
        }
        ExperimentSpec spec;
        try {
            spec = resolve.apply(raw).withDefaults();
        } catch (InvalidSpecException e) {
            throw new InvalidSpecException(e.errors().stream().map(source::located).toList());
        }
        List<FieldError> errors = SpecValidator.validate(spec, limits, lab);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors.stream().map(source::located).toList());
        }
        return spec;
    }

    /** A text SnakeYAML cannot read: Jackson's reading of it names the field, SnakeYAML's the problem and line. */
    private static FieldError syntaxError(String text, YAMLException e) {
        String field = "$";
        try {
            YAML.readValue(text, ExperimentSpec.class);
        } catch (JsonProcessingException j) {
            field = describe(j, null).field();
        }
        String message = e instanceof MarkedYAMLException m && m.getProblem() != null ? m.getProblem() : "not valid YAML or JSON";
        return new FieldError(field, "not valid YAML or JSON: " + message + SpecSource.lineOf(e).map(l -> " (line " + l + ")").orElse(""));
    }

    public static String toYaml(ExperimentSpec spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec record always serialises", e);
        }
    }

    private static FieldError describe(JsonProcessingException e, SpecSource source) {
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
        // the mapper reports where it noticed (for a record, often the end of the enclosing mapping);
        // the line where the field is written is the one the user needs
        Optional<Integer> line = source == null ? Optional.empty() : source.lineOf(path);
        if (line.isEmpty() && e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            line = Optional.of(e.getLocation().getLineNr());
        }
        if (line.isPresent()) {
            message += " (line " + line.get() + ")";
        }
        return new FieldError(path, message);
    }
}
