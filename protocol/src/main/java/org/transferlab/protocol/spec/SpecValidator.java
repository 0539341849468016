package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a defaulted spec against the rules the plans rely on, so that a bad spec is refused at
 * submission with the field path named instead of failing later on a worker: unknown names,
 * impossible search spaces, k larger than a class has, frozen depth beyond the body.
 */
public final class SpecValidator {

    /** Parameters each kind of trial understands (search-space names). */
    public static final Map<ExperimentKind, Set<String>> PARAMS = Map.of(
            ExperimentKind.FINETUNE, Set.of("learningRate", "bodyLearningRate", "frozenLayers", "epochs", "batchSize"),
            ExperimentKind.GTL, Set.of("learningRate", "bodyLearningRate", "frozenLayers", "epochs", "batchSize", "guideScale"),
            ExperimentKind.DISTILLATION, Set.of("learningRate", "epochs", "batchSize", "temperature", "softWeight", "hardWeight"),
            ExperimentKind.SYNTHETIC, Set.of("x", "y", "epochs", "sleepMs"));

    /**
     * Every kind of trial accepts {@code device} (a choice of {@code cpu}, {@code gpu}, {@code any}):
     * the kind of worker slot the trial waits for.
     */
    public static final String DEVICE_PARAM = "device";
    public static final Set<String> DEVICES = Set.of("cpu", "gpu", "any");

    private static final Set<String> METRICS = Set.of("val_accuracy", "val_loss", "train_loss");

    private SpecValidator() {}

    public static List<FieldError> validate(ExperimentSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.name().isBlank() || spec.name().length() > 200) {
            errors.add(new FieldError("name", "must be 1-200 characters"));
        }
        if (spec.kind() != ExperimentKind.SYNTHETIC) {
            checkData(spec.data(), errors);
            checkModel(spec.model(), spec.data(), errors);
            checkPretrain(spec.pretrain(), errors);
        }
        positive(errors, "train.epochs", spec.train().epochs());
        positive(errors, "train.batchSize", spec.train().batchSize());
        positive(errors, "train.learningRate", spec.train().learningRate());
        if (spec.train().bodyLearningRate() != null) {
            positive(errors, "train.bodyLearningRate", spec.train().bodyLearningRate());
        }
        if (spec.train().checkpointEvery() < 0) {
            errors.add(new FieldError("train.checkpointEvery", "must be 0 (end only) or positive"));
        }
        int layers = spec.model().bodyLayers();
        if (spec.train().frozenLayers() < 0 || spec.train().frozenLayers() > layers) {
            errors.add(new FieldError("train.frozenLayers", "must be between 0 and " + layers + " (the body's layer count)"));
        }
        checkSearch(spec.search(), layers, PARAMS.get(spec.kind()), errors);
        checkScheduler(spec.scheduler(), errors);
        if (spec.kind() == ExperimentKind.GTL) {
            checkGtl(spec.gtl(), spec.data(), errors);
        }
        if (spec.kind() == ExperimentKind.DISTILLATION) {
            checkDistill(spec.distill(), errors);
        }
        if (spec.limits().wallClockSeconds() < 0) {
            errors.add(new FieldError("limits.wallClockSeconds", "must be 0 (no limit) or positive"));
        }
        if (spec.limits().maxRetries() < 0 || spec.limits().maxRetries() > 10) {
            errors.add(new FieldError("limits.maxRetries", "must be 0..10"));
        }
        if (!Set.of("max", "min").contains(spec.objective().mode())) {
            errors.add(new FieldError("objective.mode", "must be 'max' or 'min', was '" + spec.objective().mode() + "'"));
        }
        if (!METRICS.contains(spec.objective().metric())) {
            errors.add(new FieldError("objective.metric", "unknown metric '" + spec.objective().metric() + "'; trials report " + METRICS));
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
        Datasets.Info target = known(data.dataset(), "data.dataset", errors);
        Datasets.Info source = known(data.sourceDataset(), "data.sourceDataset", errors);
        if (target != null && source != null && target.inputs() != source.inputs()) {
            errors.add(new FieldError("data.sourceDataset", "'" + data.sourceDataset() + "' has " + source.inputs()
                    + " inputs but '" + data.dataset() + "' has " + target.inputs() + "; a body transfers only between equal input shapes"));
        }
        if (source != null) {
            checkClasses("data.sourceClasses", data.sourceClasses(), source.classes(), errors);
            perClass(errors, "data.sourceExamplesPerClass", data.sourceExamplesPerClass(), source.minTrainPerClass(), data.sourceDataset(), "training");
        }
        if (target != null) {
            checkClasses("data.targetClasses", data.targetClasses(), target.classes(), errors);
            perClass(errors, "data.examplesPerClass", data.examplesPerClass(), target.minTrainPerClass(), data.dataset(), "training");
            perClass(errors, "data.validationPerClass", data.validationPerClass(), target.minTestPerClass(), data.dataset(), "held-out");
        }
    }

    private static Datasets.Info known(String name, String field, List<FieldError> errors) {
        Datasets.Info info = Datasets.KNOWN.get(name);
        if (info == null) {
            errors.add(new FieldError(field, "unknown dataset '" + name + "'; available: " + new java.util.TreeSet<>(Datasets.KNOWN.keySet())));
        }
        return info;
    }

    private static void perClass(List<FieldError> errors, String field, Integer k, int available, String dataset, String part) {
        if (k == null || k <= 0) {
            errors.add(new FieldError(field, "must be positive, was " + k));
        } else if (k > available) {
            errors.add(new FieldError(field, k + " examples per class is impossible: the smallest class of " + dataset
                    + " has " + available + " " + part + " examples"));
        }
    }

    private static void checkClasses(String field, List<Integer> classes, int count, List<FieldError> errors) {
        if (classes.size() < 2) {
            errors.add(new FieldError(field, "needs at least two classes"));
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < classes.size(); i++) {
            Integer c = classes.get(i);
            if (c == null || c < 0 || c >= count) {
                errors.add(new FieldError(field + "[" + i + "]", "class must be 0.." + (count - 1) + ", was " + c));
            } else if (!seen.add(c)) {
                errors.add(new FieldError(field + "[" + i + "]", "class " + c + " is listed twice"));
            }
        }
    }

    private static void checkModel(ModelSpec model, DataSpec data, List<FieldError> errors) {
        if (!Set.of("mlp", "lenet", "vgg").contains(model.type())) {
            errors.add(new FieldError("model.type", "unknown model type '" + model.type() + "'; available: mlp, lenet, vgg"));
        }
        Datasets.Info target = Datasets.KNOWN.get(data.dataset());
        if (!"mlp".equals(model.type()) && target != null && target.height() < 8) {
            errors.add(new FieldError("model.type", model.type() + " needs image data; '" + data.dataset()
                    + "' is tabular, use mlp"));
        }
        if (model.hidden().isEmpty() && model.channels().isEmpty()) {
            errors.add(new FieldError("model.hidden", "needs at least one hidden layer"));
        }
        sizes("model.hidden", model.hidden(), 8192, errors);
        sizes("model.channels", model.channels(), 1024, errors);
        if (!Set.of("relu", "tanh", "sigmoid", "leakyrelu", "elu").contains(model.activation())) {
            errors.add(new FieldError("model.activation", "unknown activation '" + model.activation()
                    + "'; available: relu, tanh, sigmoid, leakyrelu, elu"));
        }
        if (model.dropout() < 0 || model.dropout() >= 1) {
            errors.add(new FieldError("model.dropout", "must be in [0, 1), was " + model.dropout()));
        }
    }

    private static void sizes(String field, List<Integer> sizes, int max, List<FieldError> errors) {
        for (int i = 0; i < sizes.size(); i++) {
            Integer h = sizes.get(i);
            if (h == null || h <= 0 || h > max) {
                errors.add(new FieldError(field + "[" + i + "]", "layer size must be 1.." + max + ", was " + h));
            }
        }
    }

    private static void checkPretrain(PretrainSpec p, List<FieldError> errors) {
        positive(errors, "pretrain.epochs", p.epochs());
        positive(errors, "pretrain.batchSize", p.batchSize());
        positive(errors, "pretrain.learningRate", p.learningRate());
        if (!Set.of(PretrainSpec.SUPERVISED, PretrainSpec.MASKED_AUTOENCODER).contains(p.mode())) {
            errors.add(new FieldError("pretrain.mode", "unknown mode '" + p.mode() + "'; available: supervised, masked-autoencoder"));
        }
        if (p.maskRatio() <= 0 || p.maskRatio() >= 1) {
            errors.add(new FieldError("pretrain.maskRatio", "must be in (0, 1), was " + p.maskRatio()));
        }
    }

    private static void checkGtl(GtlSpec g, DataSpec data, List<FieldError> errors) {
        positive(errors, "gtl.scouts", g.scouts());
        positive(errors, "gtl.scoutEpochs", g.scoutEpochs());
        positive(errors, "gtl.examplesPerClass", g.examplesPerClass());
        positive(errors, "gtl.scoutLearningRate", g.scoutLearningRate());
        if (g.scouts() != null && g.scouts() > 64) {
            errors.add(new FieldError("gtl.scouts", "at most 64 scouts, was " + g.scouts()));
        }
        if (!Set.of("source", "target").contains(g.scoutData())) {
            errors.add(new FieldError("gtl.scoutData", "must be 'source' or 'target', was '" + g.scoutData() + "'"));
        } else {
            int classes = (g.scoutData().equals("source") ? data.sourceClasses() : data.targetClasses()).size();
            if (g.classesPerScout() == null || g.classesPerScout() < 2 || g.classesPerScout() > classes) {
                errors.add(new FieldError("gtl.classesPerScout", "must be 2.." + classes + " (the " + g.scoutData() + " task's classes)"));
            }
        }
        if (!Set.of("squared", "absolute").contains(g.distance())) {
            errors.add(new FieldError("gtl.distance", "must be 'squared' or 'absolute'"));
        }
        if (!Set.of("tensor", "global").contains(g.normalise())) {
            errors.add(new FieldError("gtl.normalise", "must be 'tensor' or 'global'"));
        }
        if (!Set.of("gradient", "update").contains(g.mode())) {
            errors.add(new FieldError("gtl.mode", "must be 'gradient' (scale gradients; SGD) or 'update' (scale the updater's step; Adam)"));
        }
        positive(errors, "gtl.scale", g.scale());
        if (g.sparsify() < 0 || g.sparsify() >= 1) {
            errors.add(new FieldError("gtl.sparsify", "must be in [0, 1)"));
        }
    }

    private static void checkDistill(DistillSpec d, List<FieldError> errors) {
        if (d.teacherArtifact() == null) {
            sizes("distill.teacherHidden", d.teacherHidden(), 8192, errors);
            positive(errors, "distill.teacherEpochs", d.teacherEpochs());
            positive(errors, "distill.teacherLearningRate", d.teacherLearningRate());
        }
        positive(errors, "distill.temperature", d.temperature());
        if (d.softWeight() < 0) {
            errors.add(new FieldError("distill.softWeight", "must not be negative"));
        }
        if (d.hardWeight() < 0) {
            errors.add(new FieldError("distill.hardWeight", "must not be negative"));
        }
        if (d.softWeight() + d.hardWeight() <= 0) {
            errors.add(new FieldError("distill.softWeight", "softWeight + hardWeight must be positive"));
        }
    }

    private static void checkScheduler(SchedulerSpec s, List<FieldError> errors) {
        if (!Set.of("fifo", "asha", "median").contains(s.type())) {
            errors.add(new FieldError("scheduler.type", "unknown scheduler '" + s.type() + "'; available: fifo, asha, median"));
        }
        positive(errors, "scheduler.gracePeriod", s.gracePeriod());
        positive(errors, "scheduler.maxResource", s.maxResource());
        positive(errors, "scheduler.brackets", s.brackets());
        positive(errors, "scheduler.minTrials", s.minTrials());
        if (s.reductionFactor() == null || s.reductionFactor() < 2) {
            errors.add(new FieldError("scheduler.reductionFactor", "must be at least 2"));
        }
        if (s.gracePeriod() != null && s.maxResource() != null && s.gracePeriod() > s.maxResource()) {
            errors.add(new FieldError("scheduler.gracePeriod", "grace period " + s.gracePeriod() + " exceeds maxResource " + s.maxResource()));
        }
    }

    private static void checkSearch(SearchSpec search, int layers, Set<String> known, List<FieldError> errors) {
        if (!Set.of("random", "grid", "tpe").contains(search.algorithm())) {
            errors.add(new FieldError("search.algorithm", "unknown algorithm '" + search.algorithm() + "'; available: random, grid, tpe"));
        }
        positive(errors, "search.trials", search.trials());
        positive(errors, "search.maxConcurrent", search.maxConcurrent());
        positive(errors, "search.repeats", search.repeats());
        if (search.trials() != null && search.trials() > 10_000) {
            errors.add(new FieldError("search.trials", "at most 10000 trials per experiment, was " + search.trials()));
        }
        for (Map.Entry<String, ParamSpec> e : search.space().entrySet()) {
            checkParam(e.getKey(), e.getValue(), search, layers, known, errors);
        }
    }

    private static void checkParam(String name, ParamSpec p, SearchSpec search, int layers, Set<String> known, List<FieldError> errors) {
        String field = "search.space." + name;
        if (name.equals(DEVICE_PARAM)) {
            if (p == null || !"choice".equals(p.type()) || p.values() == null || p.values().isEmpty()
                    || !p.values().stream().allMatch(v -> v instanceof String d && DEVICES.contains(d))) {
                errors.add(new FieldError(field, "must be a choice of " + new java.util.TreeSet<>(DEVICES)));
            }
            return;
        }
        if (!known.contains(name)) {
            errors.add(new FieldError(field, "unknown parameter; this kind of trial takes " + new java.util.TreeSet<>(known)
                    + " (and " + DEVICE_PARAM + ")"));
        }
        if (p == null || p.type() == null || !ParamSpec.TYPES.contains(p.type())) {
            errors.add(new FieldError(field + ".type", "must be one of " + ParamSpec.TYPES));
            return;
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
        if ("grid".equals(search.algorithm()) && p.numeric() && !"int".equals(p.type()) && p.q() == null) {
            errors.add(new FieldError(field, "grid search needs discrete values: use choice, int, or set q"));
        }
        if (p.conditional()) {
            for (String parent : p.when().keySet()) {
                if (!search.space().containsKey(parent)) {
                    errors.add(new FieldError(field + ".when." + parent, "names no parameter of this space"));
                } else if (parent.equals(name)) {
                    errors.add(new FieldError(field + ".when", "a parameter cannot depend on itself"));
                }
            }
        }
        if ("frozenLayers".equals(name)) {
            if (p.numeric() && p.max() != null && p.max() > layers) {
                errors.add(new FieldError(field + ".max", "cannot freeze more than the body's " + layers + " layers"));
            }
            if (!p.numeric() && p.values() != null) {
                for (Object v : p.values()) {
                    if (!(v instanceof Number n) || n.intValue() < 0 || n.intValue() > layers) {
                        errors.add(new FieldError(field + ".values", "each value must be 0.." + layers + ", was " + v));
                    }
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
