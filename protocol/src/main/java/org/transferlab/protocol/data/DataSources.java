package org.transferlab.protocol.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.spec.InvalidSpecException;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.WeightsSpec;

/**
 * Resolves a spec's {@code data.sources} where the files are: each source's files are packed
 * ({@link DatasetFiles#pack}), read (so a broken image or a ragged table is refused at submission,
 * naming the source), counted, and handed to a {@link Store} that keeps the zip (the artifact store,
 * for a submission; nothing, for a validation). A source already resolved with an artifact is kept
 * as it is. Used by the orchestrator before validation, and by tests that run a spec as it would be.
 */
public final class DataSources {

    /** Keeps a packed dataset; returns its artifact id, or null when nothing is kept. */
    @FunctionalInterface
    public interface Store {
        String keep(String name, Path zip, String sha256) throws IOException;
    }

    /** The name {@link Store#keep} receives for a weights file. */
    public static final String WEIGHTS = "model.weights";

    private DataSources() {}

    /**
     * Also stores a pretrained-weights file named by {@code model.weights.path}, when this machine can
     * read it, so that workers elsewhere fetch it as {@code model.weights.artifact} (role {@code pretrained}).
     *
     * @throws InvalidSpecException naming {@code data.sources.<name>.path} for files that cannot be read
     */
    public static ExperimentSpec resolve(ExperimentSpec spec, Store store) {
        ExperimentSpec withWeights = keepWeights(spec, store);
        return resolveSources(withWeights, store);
    }

    private static ExperimentSpec keepWeights(ExperimentSpec spec, Store store) {
        WeightsSpec weights = spec.model() == null ? null : spec.model().weights();
        if (weights == null || weights.path() == null || weights.artifact() != null || !weights.path().startsWith("/")
                || !Files.isReadable(Path.of(weights.path())) || Files.isDirectory(Path.of(weights.path()))) {
            return spec;
        }
        try {
            Path file = Path.of(weights.path());
            String artifact = store.keep(WEIGHTS, file, DatasetFiles.sha256Of(file));
            if (artifact == null) {
                return spec;
            }
            ModelSpec m = spec.model();
            return spec.withModel(new ModelSpec(m.type(), m.hidden(), m.channels(), m.activation(), m.dropout(), m.layers(), m.cut(),
                    new WeightsSpec(weights.path(), artifact, weights.format(), weights.map())));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of(new FieldError("model.weights.path", String.valueOf(e.getMessage()))));
        }
    }

    private static ExperimentSpec resolveSources(ExperimentSpec spec, Store store) {
        if (spec.data() == null || spec.data().sources() == null || spec.data().sources().isEmpty()) {
            return spec;
        }
        Map<String, DataSourceSpec> resolved = new LinkedHashMap<>();
        List<FieldError> errors = new ArrayList<>();
        spec.data().sources().forEach((name, source) -> {
            if (source == null || source.type() == null || source.path() == null || (source.artifact() != null && source.counted())
                    || (DataSourceSpec.Type.IMAGES.is(source.type()) && (source.height() == null || source.width() == null))) {
                resolved.put(name, source); // validation names what is missing
                return;
            }
            try {
                resolved.put(name, resolve(name, source, store));
            } catch (IOException | RuntimeException e) {
                errors.add(new FieldError("data.sources." + name + ".path", String.valueOf(e.getMessage())));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return spec.withData(spec.data().withSources(resolved));
    }

    private static DataSourceSpec resolve(String name, DataSourceSpec source, Store store) throws IOException {
        Path zip = Files.createTempFile("tlab-dataset-", ".zip");
        try {
            String sha = DatasetFiles.pack(source, zip);
            DataSourceSpec withChannels = source.channels() == null
                    ? new DataSourceSpec(source.type(), source.path(), source.height(), source.width(), 1, source.testFraction(),
                            source.label(), null, null, null, null, null)
                    : source;
            DatasetFiles.Examples examples = DatasetFiles.read(withChannels, zip);
            if (examples.classes() < 2) {
                throw new IOException(source.path() + " holds " + examples.classes() + " class; a classifier needs at least 2");
            }
            String artifact = store.keep(name, zip, sha);
            return DatasetFiles.resolved(withChannels, examples, sha, artifact);
        } finally {
            Files.deleteIfExists(zip);
        }
    }
}
