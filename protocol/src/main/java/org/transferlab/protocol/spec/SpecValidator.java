package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a defaulted spec against the rules a plan relies on, so that a bad spec is refused at
 * submission with the field path named instead of failing later on a worker.
 */
public final class SpecValidator {

    /** Datasets the experiments module can load offline. */
    public static final Set<String> DATASETS = Set.of("mnist");
    /** Parameters a fine-tune trial understands. */
    public static final Set<String> FINETUNE_PARAMS = Set.of("learningRate", "frozenLayers", "epochs", "batchSize");
    /** Parameters a synthetic (sleep-and-report) trial understands. */
    public static final Set<String> SYNTHETIC_PARAMS = Set.of("x", "y", "epochs", "sleepMs");

    private SpecValidator() {}

    public static List<FieldError> validate(ExperimentSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.name().isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        if (spec.kind() != ExperimentKind.FINETUNE && spec.kind() != ExperimentKind.SYNTHETIC) {
            errors.add(new FieldError("kind", "'" + spec.kind().wire() + "' is not available yet; use finetune or synthetic"));
        }
        checkData(spec.data(), errors);
        checkModel(spec.model(), errors);
        positive(errors, "pretrain.epochs", spec.pretrain().epochs());
        positive(errors, "pretrain.batchSize", spec.pretrain().batchSize());
        positive(errors, "pretrain.learningRate", spec.pretrain().learningRate());
        positive(errors, "train.epochs", spec.train().epochs());
        positive(errors, "train.batchSize", spec.train().batchSize());
        positive(errors, "train.learningRate", spec.train().learningRate());
        int layers = spec.model().hidden().size();
        if (spec.train().frozenLayers() < 0 || spec.train().frozenLayers() > layers) {
            errors.add(new FieldError("train.frozenLayers", "must be between 0 and " + layers + " (the body's layer count)"));
        }
        checkSearch(spec.search(), layers,
                spec.kind() == ExperimentKind.SYNTHETIC ? SYNTHETIC_PARAMS : FINETUNE_PARAMS, errors);
        if (!Set.of("max", "min").contains(spec.objective().mode())) {
            errors.add(new FieldError("objective.mode", "must be 'max' or 'min', was '" + spec.objective().mode() + "'"));
        }
        if (!Set.of("val_accuracy", "val_loss", "train_loss").contains(spec.objective().metric())) {
            errors.add(new FieldError("objective.metric", "unknown metric '" + spec.objective().metric()
                    + "'; trials report val_accuracy, val_loss and train_loss"));
        }
        return errors;
    }

    /** Validates and throws {@link InvalidSpecException} listing every problem. */
    public static ExperimentSpec require(ExperimentSpec spec) {
        List<FieldError> errors = validate(spec);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return spec;
    }

    private static void checkData(DataSpec data, List<FieldError> errors) {
        if (!DATASETS.contains(data.dataset())) {
            errors.add(new FieldError("data.dataset", "unknown dataset '" + data.dataset() + "'; available: " + DATASETS));
        }
        checkClasses("data.sourceClasses", data.sourceClasses(), errors);
        checkClasses("data.targetClasses", data.targetClasses(), errors);
        positive(errors, "data.examplesPerClass", data.examplesPerClass());
        positive(errors, "data.sourceExamplesPerClass", data.sourceExamplesPerClass());
        positive(errors, "data.validationPerClass", data.validationPerClass());
    }

    private static void checkClasses(String field, List<Integer> classes, List<FieldError> errors) {
        if (classes.size() < 2) {
            errors.add(new FieldError(field, "needs at least two classes"));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            Integer c = classes.get(i);
            if (c == null || c < 0 || c > 9) {
                errors.add(new FieldError(field + "[" + i + "]", "class must be a digit 0-9, was " + c));
            } else if (!seen.add(c)) {
                errors.add(new FieldError(field + "[" + i + "]", "class " + c + " is listed twice"));
            }
        }
    }

    private static void checkModel(ModelSpec model, List<FieldError> errors) {
        if (!"mlp".equals(model.type())) {
            errors.add(new FieldError("model.type", "unknown model type '" + model.type() + "'; available: mlp"));
        }
        if (model.hidden().isEmpty()) {
            errors.add(new FieldError("model.hidden", "needs at least one hidden layer"));
        }
        for (int i = 0; i < model.hidden().size(); i++) {
            Integer h = model.hidden().get(i);
            if (h == null || h <= 0 || h > 8192) {
                errors.add(new FieldError("model.hidden[" + i + "]", "layer size must be 1..8192, was " + h));
            }
        }
        if (!Set.of("relu", "tanh", "sigmoid", "leakyrelu", "elu").contains(model.activation())) {
            errors.add(new FieldError("model.activation", "unknown activation '" + model.activation()
                    + "'; available: relu, tanh, sigmoid, leakyrelu, elu"));
        }
        if (model.dropout() < 0 || model.dropout() >= 1) {
            errors.add(new FieldError("model.dropout", "must be in [0, 1), was " + model.dropout()));
        }
    }

    private static void checkSearch(SearchSpec search, int layers, Set<String> known, List<FieldError> errors) {
        if (!Set.of("random", "grid").contains(search.algorithm())) {
            errors.add(new FieldError("search.algorithm", "unknown algorithm '" + search.algorithm() + "'; available: random, grid"));
        }
        positive(errors, "search.trials", search.trials());
        positive(errors, "search.maxConcurrent", search.maxConcurrent());
        if (search.trials() != null && search.trials() > 10_000) {
            errors.add(new FieldError("search.trials", "at most 10000 trials per experiment, was " + search.trials()));
        }
        for (Map.Entry<String, ParamSpec> e : search.space().entrySet()) {
            String field = "search.space." + e.getKey();
            ParamSpec p = e.getValue();
            if (!known.contains(e.getKey())) {
                errors.add(new FieldError(field, "unknown parameter; this kind of trial takes " + known));
            }
            if (p == null || p.type() == null || !ParamSpec.TYPES.contains(p.type())) {
                errors.add(new FieldError(field + ".type", "must be one of " + ParamSpec.TYPES));
                continue;
            }
            if (p.numeric()) {
                if (p.min() == null || p.max() == null) {
                    errors.add(new FieldError(field, "needs min and max"));
                } else if (p.min() > p.max()) {
                    errors.add(new FieldError(field, "min " + p.min() + " is greater than max " + p.max()));
                } else if ("loguniform".equals(p.type()) && p.min() <= 0) {
                    errors.add(new FieldError(field + ".min", "loguniform needs min > 0"));
                }
                if (p.q() != null && p.q() <= 0) {
                    errors.add(new FieldError(field + ".q", "must be positive"));
                }
            } else if (p.values() == null || p.values().isEmpty()) {
                errors.add(new FieldError(field + ".values", "choice needs at least one value"));
            }
            if ("frozenLayers".equals(e.getKey()) && p.numeric() && p.max() != null && p.max() > layers) {
                errors.add(new FieldError(field + ".max", "cannot freeze more than the body's " + layers + " layers"));
            }
            if ("frozenLayers".equals(e.getKey()) && !p.numeric() && p.values() != null) {
                for (Object v : p.values()) {
                    if (!(v instanceof Number n) || n.intValue() < 0 || n.intValue() > layers) {
                        errors.add(new FieldError(field + ".values", "each value must be 0.." + layers + ", was " + v));
                    }
                }
            }
        }
        if ("grid".equals(search.algorithm())) {
            for (Map.Entry<String, ParamSpec> e : search.space().entrySet()) {
                ParamSpec p = e.getValue();
                if (p != null && p.numeric() && !"int".equals(p.type()) && p.q() == null) {
                    errors.add(new FieldError("search.space." + e.getKey(),
                            "grid search needs discrete values: use choice, int, or set q"));
                }
            }
        }
    }

    private static void positive(List<FieldError> errors, String field, Number value) {
        if (value == null || value.doubleValue() <= 0) {
            errors.add(new FieldError(field, "must be positive, was " + value));
        }
    }
}
