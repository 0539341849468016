package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkResult;

/**
 * Checks a defaulted spec against the rules the plans rely on, so that a bad spec is refused at
 * submission with the field path named instead of failing later on a worker: unknown names,
 * impossible search spaces, k larger than a class has, frozen depth beyond the body, and every
 * value a search space can produce, by the same rule as the fixed value it overrides.
 *
 * <p>It also bounds what a spec costs ({@link SpecLimits}): trials, grid points, epochs, batch
 * sizes, depth, parameters and estimated memory. Every check is arithmetic on the spec's numbers,
 * linear in its size: a grid's size is a product of counts, never a list of its points, so
 * validating is cheap whatever the spec asks for.
 */
public final class SpecValidator {

    /** The largest height or width images from the lab's files are resized to. */
    static final int MAX_IMAGE_SIDE = 512;

    /** Parameters each kind of trial understands (search-space names). */
    public static final Map<ExperimentKind, Set<String>> PARAMS = Map.of(
            ExperimentKind.FINETUNE, Set.of("learningRate", "bodyLearningRate", "frozenLayers", "epochs", "batchSize", "momentum"),
            ExperimentKind.GTL, Set.of("learningRate", "bodyLearningRate", "frozenLayers", "epochs", "batchSize", "momentum",
                    "guideScale"),
            ExperimentKind.DISTILLATION, Set.of("learningRate", "epochs", "batchSize", "temperature", "softWeight", "hardWeight",
                    "width"),
            ExperimentKind.SYNTHETIC, Set.of("x", "y", "epochs", "sleepMs"));

    /**
     * Every kind of trial accepts {@code device} (a choice of {@code cpu}, {@code gpu}, {@code any}):
     * the kind of worker slot the trial waits for.
     */
    public static final String DEVICE_PARAM = "device";
    public static final Set<String> DEVICES = Set.of("cpu", "gpu", "any");

    private static final Set<String> METRICS = Set.of("val_accuracy", "val_loss", "train_loss", "params", "inference_ms");
    /** Reported once, with the trial's final result: no scheduler can compare trials on them mid-training. */
    private static final Set<String> FINAL_ONLY_METRICS = Set.of("params", "inference_ms");

    private SpecValidator() {}

    /** Validates with no cost limits (see {@link SpecLimits#UNBOUNDED}). */
    public static List<FieldError> validate(ExperimentSpec spec) {
        return validate(spec, SpecLimits.UNBOUNDED);
    }

    /** Validates within {@code limits}, against the full datasets ({@link LabDatasets#FULL}). */
    public static List<FieldError> validate(ExperimentSpec spec, SpecLimits limits) {
        return validate(spec, limits, LabDatasets.FULL);
    }

    /**
     * Validates within {@code limits}, with every example count checked against the datasets as
     * {@code lab} holds them (a lab with only the bundled MNIST subset refuses a spec that needs the
     * full set, and says so).
     */
    public static List<FieldError> validate(ExperimentSpec spec, SpecLimits limits, LabDatasets lab) {
        List<FieldError> errors = new ArrayList<>();
        Map<String, ValueRule> rules = ValueRule.forSpec(spec, limits);
        if (spec.name().isBlank() || spec.name().length() > 200) {
            errors.add(new FieldError("name", "must be 1-200 characters"));
        }
        if (spec.kind() != ExperimentKind.SYNTHETIC) {
            // only a pretraining stage samples data.sourceExamplesPerClass: elsewhere its default need not fit the lab
            boolean pretrains = (spec.kind() == ExperimentKind.FINETUNE || spec.kind() == ExperimentKind.GTL)
                    && spec.pretrain().artifact() == null;
            checkData(spec.data(), lab, pretrains ? lab : LabDatasets.FULL, errors);
            checkModel(spec.model(), spec.data(), limits, errors);
            checkPretrain(spec.pretrain(), spec.data(), limits, errors);
            if (spec.model().declared() && spec.pretrain().autoencoder()) {
                errors.add(new FieldError("pretrain.mode", "autoencoder pretraining mirrors a preset's dense layers;"
                        + " a network of type layers pretrains supervised"));
            }
            Datasets.Info pretrainData = spec.data().info(spec.data().sourceDataset());
            if (pretrainData != null && pretrainData.channels() > 1 && spec.pretrain().autoencoder()) {
                errors.add(new FieldError("pretrain.mode", "autoencoder pretraining reconstructs single-channel inputs; '"
                        + spec.data().sourceDataset() + "' has " + pretrainData.channels() + " channels"));
            }
            if (spec.model().weights() != null && spec.pretrain().artifact() != null) {
                errors.add(new FieldError("model.weights", "the body comes from pretrain.artifact already; give one of the two"));
            }
        }
        rules.get("epochs").check("train.epochs", spec.train().epochs(), errors);
        rules.get("batchSize").check("train.batchSize", spec.train().batchSize(), errors);
        rules.get("learningRate").check("train.learningRate", spec.train().learningRate(), errors);
        if (spec.train().bodyLearningRate() != null) {
            rules.get("bodyLearningRate").check("train.bodyLearningRate", spec.train().bodyLearningRate(), errors);
        }
        if (spec.train().checkpointEvery() < 0) {
            errors.add(new FieldError("train.checkpointEvery", "must be 0 (end only) or positive"));
        }
        rules.get("frozenLayers").check("train.frozenLayers", spec.train().frozenLayers(), errors);
        checkOptimizer(spec, rules, errors);
        if (Boolean.TRUE.equals(spec.train().baseline())
                && (spec.kind() == ExperimentKind.GTL || spec.kind() == ExperimentKind.DISTILLATION)) {
            String own = spec.kind() == ExperimentKind.GTL ? "gtl.baseline" : "distill.baseline";
            errors.add(new FieldError("train.baseline", "applies to finetune and synthetic sweeps; a "
                    + spec.kind().wire() + " experiment sets its baseline with " + own));
        }
        checkSearch(spec.search(), PARAMS.get(spec.kind()), rules, limits, errors);
        checkScheduler(spec.scheduler(), spec.train().epochs(), limits, errors);
        if (spec.scheduler().pbt()) {
            checkPopulation(spec, errors);
        }
        if (spec.kind() == ExperimentKind.GTL) {
            checkGtl(spec.gtl(), spec.data(), spec.train(), rules, limits, lab, errors);
        }
        if (spec.kind() == ExperimentKind.DISTILLATION) {
            checkDistill(spec.distill(), spec.data(), spec.search(), rules, limits, lab, errors);
            checkDistillMethod(spec, limits, errors);
        }
        checkTransferability(spec, errors);
        if (spec.kind() != ExperimentKind.SYNTHETIC) {
            checkCost(spec, limits, errors);
            checkWidth(spec, limits, errors);
        }
        if (spec.limits().wallClockSeconds() == null || spec.limits().wallClockSeconds() < 0) {
            errors.add(new FieldError("limits.wallClockSeconds", "must be 0 (no limit) or positive"));
        }
        if (spec.limits().maxRetries() == null || spec.limits().maxRetries() < 0 || spec.limits().maxRetries() > 10) {
            errors.add(new FieldError("limits.maxRetries", "must be 0..10"));
        }
        checkObjective(spec.objective(), spec.scheduler(), errors);
        return errors;
    }

    /**
     * The task a trained classifier answers: the dataset whose examples it reads and its classes in
     * the order of its outputs. The orchestrator works it out for an artifact from the spec of the
     * experiment that produced it.
     */
    public record ClassifierTask(String dataset, List<Integer> classes) {}

    /**
     * Whether {@code teacher} can teach the distillation {@code spec}'s students: it must read the
     * same inputs (the student's {@code data.dataset}) and answer the same classes in the same order
     * ({@code data.targetClasses}), or its soft targets would name other classes than the labels.
     * Errors name {@code distill.teacherArtifact}, the artifact and what differs.
     */
    public static List<FieldError> checkTeacher(ExperimentSpec spec, String artifactId, ClassifierTask teacher) {
        DataSpec data = spec.withDefaults().data();
        String field = "distill.teacherArtifact";
        String what = "teacher artifact '" + artifactId + "'";
        List<FieldError> errors = new ArrayList<>();
        Datasets.Info mine = Datasets.KNOWN.get(data.dataset());
        Datasets.Info theirs = Datasets.KNOWN.get(teacher.dataset());
        if (mine == null || theirs == null) {
            return errors;
        }
        if (mine.inputs() != theirs.inputs()) {
            errors.add(new FieldError(field, what + " reads " + theirs.inputs() + " inputs (" + teacher.dataset()
                    + ") but the students read " + mine.inputs() + " (data.dataset: " + data.dataset() + ")"));
        } else if (teacher.classes().size() != data.targetClasses().size()) {
            errors.add(new FieldError(field, what + " has " + teacher.classes().size() + " outputs (classes " + teacher.classes()
                    + " of " + teacher.dataset() + ") but the students have " + data.targetClasses().size()
                    + " (data.targetClasses: " + data.targetClasses() + ")"));
        } else if (!teacher.dataset().equals(data.dataset()) || !teacher.classes().equals(data.targetClasses())) {
            errors.add(new FieldError(field, what + " answers classes " + teacher.classes() + " of " + teacher.dataset()
                    + " but the students learn classes " + data.targetClasses() + " of " + data.dataset()
                    + " (data.dataset, data.targetClasses): its soft targets would name other classes"));
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

    /**
     * @param lab the datasets as the lab holds them, for the target task's counts
     * @param sourceLab the same for {@code data.sourceExamplesPerClass}, or {@link LabDatasets#FULL} where no stage samples it
     */
    private static void checkData(DataSpec data, LabDatasets lab, LabDatasets sourceLab, List<FieldError> errors) {
        checkSources(data, errors);
        Datasets.Info target = known(data, data.dataset(), "data.dataset", errors);
        Datasets.Info source = known(data, data.sourceDataset(), "data.sourceDataset", errors);
        if (target != null && source != null && target.inputs() != source.inputs()) {
            errors.add(new FieldError("data.sourceDataset", "'" + data.sourceDataset() + "' has " + source.inputs()
                    + " inputs but '" + data.dataset() + "' has " + target.inputs() + "; a body transfers only between equal input shapes"));
        }
        if (source != null) {
            checkClasses("data.sourceClasses", data.sourceClasses(), source.classes(), errors);
            int held = sourceLab.info(data, data.sourceDataset()).minTrainPerClass();
            String why = sourceLab.explain(data, data.sourceDataset());
            perClass(errors, "data.sourceExamplesPerClass", data.sourceExamplesPerClass(), held, data.sourceDataset(), "training", why);
            besideValidation(errors, "data.sourceExamplesPerClass", data.sourceExamplesPerClass(), data.validationPerClass(),
                    held, data.sourceDataset(), why);
        }
        if (target != null) {
            checkClasses("data.targetClasses", data.targetClasses(), target.classes(), errors);
            int held = lab.info(data, data.dataset()).minTrainPerClass();
            String why = lab.explain(data, data.dataset());
            perClass(errors, "data.examplesPerClass", data.examplesPerClass(), held, data.dataset(), "training", why);
            perClass(errors, "data.validationPerClass", data.validationPerClass(), held, data.dataset(), "training", why);
            besideValidation(errors, "data.examplesPerClass", data.examplesPerClass(), data.validationPerClass(),
                    held, data.dataset(), why);
        }
        if (data.testPerClass() == null || data.testPerClass() < 0) {
            errors.add(new FieldError("data.testPerClass", "must be 0 (every test example) or positive, was " + data.testPerClass()));
        }
    }

    /** Validation is carved from the training part: a class must hold both the examples a trial trains on and its validation share. */
    private static void besideValidation(List<FieldError> errors, String field, Integer k, Integer validation, int available, String dataset,
            String why) {
        if (k != null && k > 0 && validation != null && validation > 0 && k <= available && validation <= available
                && k + validation > available) {
            errors.add(new FieldError(field, k + " training examples per class beside data.validationPerClass=" + validation
                    + " is impossible: validation is carved from the training part, and the smallest class of " + dataset
                    + " has " + available + " training examples" + why));
        }
    }

    /** A bundled dataset or a declared source (null, without an error, for a source the orchestrator has not read yet). */
    private static Datasets.Info known(DataSpec data, String name, String field, List<FieldError> errors) {
        if (data.source(name) != null) {
            return data.info(name);
        }
        Datasets.Info info = Datasets.KNOWN.get(name);
        if (info == null) {
            java.util.TreeSet<String> names = new java.util.TreeSet<>(Datasets.KNOWN.keySet());
            if (data.sources() != null) {
                names.addAll(data.sources().keySet());
            }
            errors.add(new FieldError(field, "unknown dataset '" + name + "'; available: " + names));
        }
        return info;
    }

    /** The lab's own datasets: a known type, an absolute path, a shape images can be resized to. */
    private static void checkSources(DataSpec data, List<FieldError> errors) {
        if (data.sources() == null) {
            return;
        }
        data.sources().forEach((name, source) -> {
            String at = "data.sources." + name;
            if (Datasets.KNOWN.containsKey(name)) {
                errors.add(new FieldError(at, "'" + name + "' is a bundled dataset's name; give the source another"));
            }
            if (source == null) {
                errors.add(new FieldError(at, "needs type and path"));
                return;
            }
            if (SpecWord.find(DataSourceSpec.Type.class, source.type()).isEmpty()) {
                errors.add(new FieldError(at + ".type", "unknown type '" + source.type() + "'; available: "
                        + String.join(", ", SpecWord.words(DataSourceSpec.Type.class))));
            }
            if (source.path() == null || !source.path().startsWith("/")) {
                errors.add(new FieldError(at + ".path", "must be an absolute path on the orchestrator's machine, was "
                        + (source.path() == null ? "missing" : "'" + source.path() + "'")));
            }
            if (DataSourceSpec.Type.IMAGES.is(source.type())) {
                for (var side : List.of(Map.entry("height", source.height() == null ? -1 : source.height()),
                        Map.entry("width", source.width() == null ? -1 : source.width()))) {
                    if (side.getValue() < 1 || side.getValue() > MAX_IMAGE_SIDE) {
                        errors.add(new FieldError(at + "." + side.getKey(), "images are resized to height × width: give 1.."
                                + MAX_IMAGE_SIDE + ", was " + (side.getValue() < 0 ? "missing" : side.getValue())));
                    }
                }
                if (!Set.of(1, 3).contains(source.channels())) {
                    errors.add(new FieldError(at + ".channels", "must be 1 (grey) or 3 (RGB), was " + source.channels()));
                }
            }
            if (!(source.testFraction() > 0 && source.testFraction() < 1)) {
                errors.add(new FieldError(at + ".testFraction", "must be in (0, 1), was " + source.testFraction()));
            }
        });
    }

    private static void perClass(List<FieldError> errors, String field, Integer k, int available, String dataset, String part,
            String why) {
        if (k == null || k <= 0) {
            errors.add(new FieldError(field, "must be positive, was " + k));
        } else if (k > available) {
            errors.add(new FieldError(field, k + " examples per class is impossible: the smallest class of " + dataset
                    + " has " + available + " " + part + " examples" + why));
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

    private static void checkModel(ModelSpec model, DataSpec data, SpecLimits limits, List<FieldError> errors) {
        if (!Set.of("mlp", "lenet", "vgg", ModelSpec.LAYERS).contains(model.type())) {
            errors.add(new FieldError("model.type", "unknown model type '" + model.type() + "'; available: mlp, lenet, vgg, layers"));
        }
        Datasets.Info target = data.info(data.dataset());
        if (model.declared()) {
            checkDeclared(model, target, limits, errors);
            return;
        }
        if (model.layers() != null) {
            errors.add(new FieldError("model.layers", "declared layers make a network of type layers; a " + model.type()
                    + " preset takes hidden and channels (leave model.type out, or set it to layers)"));
        }
        if (model.cut() != null) {
            errors.add(new FieldError("model.cut", "names a layer of model.layers; a preset's body is every layer before its head"));
        }
        if (!"mlp".equals(model.type()) && target != null && !target.images()) {
            errors.add(new FieldError("model.type", model.type() + " needs image data; '" + data.dataset()
                    + "' is tabular, use mlp"));
        }
        if (model.hidden().isEmpty() && model.channels().isEmpty()) {
            errors.add(new FieldError("model.hidden", "needs at least one hidden layer"));
        }
        sizes("model.hidden", model.hidden(), limits.maxLayerWidth(), errors);
        sizes("model.channels", model.channels(), limits.maxChannels(), errors);
        if (model.bodyLayers() > limits.maxLayers()) {
            errors.add(new FieldError(model.hidden().size() > 0 ? "model.hidden" : "model.channels", "the body has " + model.bodyLayers()
                    + " layers; at most " + limits.maxLayers() + " (transferlab.orchestrator.spec-limits.max-layers)"));
        }
        if (!Set.of("relu", "tanh", "sigmoid", "leakyrelu", "elu").contains(model.activation())) {
            errors.add(new FieldError("model.activation", "unknown activation '" + model.activation()
                    + "'; available: relu, tanh, sigmoid, leakyrelu, elu"));
        }
        if (!(model.dropout() >= 0 && model.dropout() < 1)) {
            errors.add(new FieldError("model.dropout", "must be in [0, 1), was " + model.dropout()));
        }
        checkWeights(model.weights(), errors);
    }

    /** A network declared layer by layer: each layer's fields on the target's input shape, the cut, the size. */
    private static void checkDeclared(ModelSpec model, Datasets.Info target, SpecLimits limits, List<FieldError> errors) {
        if (!model.hidden().isEmpty() || !model.channels().isEmpty()) {
            errors.add(new FieldError(model.hidden().isEmpty() ? "model.channels" : "model.hidden",
                    "sizes a preset; a network of type layers is declared in model.layers alone"));
        }
        List<LayerSpec> layers = model.layers();
        if (layers == null || layers.isEmpty()) {
            errors.add(new FieldError("model.layers", "a network of type layers needs at least one layer (a conv or dense layer first)"));
            return;
        }
        if (!(model.dropout() >= 0 && model.dropout() < 1)) {
            errors.add(new FieldError("model.dropout", "must be in [0, 1), was " + model.dropout()));
        }
        int before = errors.size();
        if (target != null) {
            errors.addAll(ModelLayers.walk(layers, "model.layers", target.channels(), target.height(), target.width(), limits).errors());
        } else {
            // The input's shape is not known yet (a source the orchestrator has not read): every field
            // but the fit of kernels to maps is checked, on a map larger than any image.
            errors.addAll(ModelLayers.walk(layers, "model.layers", 1, MAX_IMAGE_SIDE * 8, MAX_IMAGE_SIDE * 8, limits).errors());
        }
        if (errors.size() > before) {
            return;
        }
        int cut = ModelLayers.cutIndex(model, layers);
        if (cut < 0) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                names.add(ModelLayers.nameOf(layers, i));
            }
            errors.add(new FieldError("model.cut", "no layer is named '" + model.cut() + "'; the layers are " + names));
            return;
        }
        if (!layers.get(0).weighted()) {
            errors.add(new FieldError("model.layers[0].type", "the first layer must be conv or dense (a " + layers.get(0).type()
                    + " layer belongs to the conv or dense layer before it)"));
        }
        if (model.bodyLayers() > limits.maxLayers()) {
            errors.add(new FieldError("model.layers", "the body has " + model.bodyLayers() + " conv and dense layers; at most "
                    + limits.maxLayers() + " (transferlab.orchestrator.spec-limits.max-layers)"));
        }
        checkWeights(model.weights(), errors);
    }

    private static void checkWeights(WeightsSpec weights, List<FieldError> errors) {
        if (weights == null) {
            return;
        }
        if (weights.path() == null && weights.artifact() == null) {
            errors.add(new FieldError("model.weights", "needs path (a file) or artifact (an artifact id)"));
        }
        if (weights.path() != null && !weights.path().startsWith("/")) {
            errors.add(new FieldError("model.weights.path", "must be an absolute path, was '" + weights.path() + "'"));
        }
        if (weights.format() == null || !Set.of(WeightsSpec.NPZ, WeightsSpec.SAFETENSORS, WeightsSpec.ONNX, WeightsSpec.DL4J).contains(weights.format())) {
            errors.add(new FieldError("model.weights.format", (weights.format() == null ? "cannot tell the format from the path"
                    : "unknown format '" + weights.format() + "'") + "; available: npz, safetensors, onnx, dl4j"));
        }
        weights.map().forEach((layer, prefix) -> {
            if (prefix == null || prefix.isBlank()) {
                errors.add(new FieldError("model.weights.map." + layer, "must name a tensor prefix, e.g. features.0"));
            }
        });
    }

    private static void sizes(String field, List<Integer> sizes, int max, List<FieldError> errors) {
        for (int i = 0; i < sizes.size(); i++) {
            Integer h = sizes.get(i);
            if (h == null || h <= 0 || h > max) {
                errors.add(new FieldError(field + "[" + i + "]", "layer size must be 1.." + max + ", was " + h));
            }
        }
    }

    private static void checkPretrain(PretrainSpec p, DataSpec data, SpecLimits limits, List<FieldError> errors) {
        atMost(errors, "pretrain.epochs", p.epochs(), limits.maxEpochs(), "max-epochs");
        atMost(errors, "pretrain.batchSize", p.batchSize(), limits.maxBatchSize(), "max-batch-size");
        positive(errors, "pretrain.learningRate", p.learningRate());
        if (!Set.of(PretrainSpec.SUPERVISED, PretrainSpec.MASKED_AUTOENCODER, PretrainSpec.DENOISING).contains(p.mode())) {
            errors.add(new FieldError("pretrain.mode", "unknown mode '" + p.mode()
                    + "'; available: supervised, masked-autoencoder, denoising"));
        }
        if (!(p.maskRatio() > 0 && p.maskRatio() < 1)) {
            errors.add(new FieldError("pretrain.maskRatio", "must be in (0, 1), was " + p.maskRatio()));
            return;
        }
        if (p.maskValue() == null || !Double.isFinite(p.maskValue())) {
            errors.add(new FieldError("pretrain.maskValue", "must be a finite number, was " + p.maskValue()));
        }
        Datasets.Info source = Datasets.KNOWN.get(data.sourceDataset());
        if (!PretrainSpec.MASKED_AUTOENCODER.equals(p.mode()) || source == null) {
            return;
        }
        int side = source.height() == 1 ? source.width() : Math.min(source.height(), source.width());
        if (p.patchSize() == null || p.patchSize() < 1 || p.patchSize() > side) {
            errors.add(new FieldError("pretrain.patchSize", "must be 1.." + side + " (the side of '" + data.sourceDataset()
                    + "' examples), was " + p.patchSize()));
            return;
        }
        long patches = ceilDiv(source.height(), p.patchSize()) * ceilDiv(source.width(), p.patchSize());
        long hidden = Math.round(p.maskRatio() * patches);
        if (hidden < 1 || hidden >= patches) {
            errors.add(new FieldError("pretrain.maskRatio", "hides " + hidden + " of the " + patches + " patches of "
                    + p.patchSize() + "×" + p.patchSize() + "; at least one must be hidden and one shown: change maskRatio or patchSize"));
        }
    }

    private static long ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static final Set<String> OPTIMIZERS = SpecWord.words(TrainSpec.OptimizerName.class);

    /**
     * {@code train.optimizer} and {@code train.momentum}: momentum belongs to SGD, so a momentum
     * (fixed or swept) with Adam is refused rather than silently ignored; distillation's stages
     * train with Adam only.
     */
    private static void checkOptimizer(ExperimentSpec spec, Map<String, ValueRule> rules, List<FieldError> errors) {
        TrainSpec train = spec.train();
        if (!OPTIMIZERS.contains(train.optimizer())) {
            errors.add(new FieldError("train.optimizer", "must be 'adam' or 'sgd', was '" + train.optimizer() + "'"));
            return;
        }
        if (spec.kind() == ExperimentKind.DISTILLATION && !TrainSpec.OptimizerName.ADAM.is(train.optimizer())) {
            errors.add(new FieldError("train.optimizer", "distillation's teacher and students train with adam only"));
        }
        rules.get("momentum").check("train.momentum", train.momentum(), errors);
        if (TrainSpec.OptimizerName.ADAM.is(train.optimizer())) {
            if (train.momentum() != null && train.momentum() != 0) {
                errors.add(new FieldError("train.momentum", "only sgd takes a momentum; set train.optimizer: sgd or drop it"));
            }
            if (spec.search().space().containsKey("momentum")) {
                errors.add(new FieldError("search.space.momentum", "only sgd takes a momentum; set train.optimizer: sgd"));
            }
        }
    }

    private static void checkGtl(GtlSpec g, DataSpec data, TrainSpec train, Map<String, ValueRule> rules, SpecLimits limits,
            LabDatasets lab, List<FieldError> errors) {
        atMost(errors, "gtl.scouts", g.scouts(), limits.maxScouts(), "max-scouts");
        atMost(errors, "gtl.scoutEpochs", g.scoutEpochs(), limits.maxEpochs(), "max-epochs");
        positive(errors, "gtl.examplesPerClass", g.examplesPerClass());
        positive(errors, "gtl.scoutLearningRate", g.scoutLearningRate());
        if (SpecWord.find(GtlSpec.ScoutData.class, g.scoutData()).isEmpty()) {
            errors.add(new FieldError("gtl.scoutData", "must be 'source' or 'target', was '" + g.scoutData() + "'"));
        } else {
            boolean source = GtlSpec.ScoutData.SOURCE.is(g.scoutData());
            int classes = (source ? data.sourceClasses() : data.targetClasses()).size();
            if (g.classesPerScout() == null || g.classesPerScout() < 2 || g.classesPerScout() > classes) {
                errors.add(new FieldError("gtl.classesPerScout", "must be 2.." + classes + " (the " + g.scoutData() + " task's classes)"));
            }
            String scouted = source ? data.sourceDataset() : data.dataset();
            Datasets.Info info = lab.info(data, scouted);
            // source scouts sample fresh images from what validation leaves of the training part
            int available = info == null ? 0 : info.minTrainPerClass() - (source ? Math.max(0, data.validationPerClass()) : 0);
            if (info != null && g.examplesPerClass() != null && g.examplesPerClass() > available) {
                errors.add(new FieldError("gtl.examplesPerClass", g.examplesPerClass() + " examples per class is impossible: the smallest class of "
                        + scouted + " has " + available + " training examples"
                        + (source ? " beside data.validationPerClass" : "") + lab.explain(data, scouted)));
            }
        }
        if (!Set.of("squared", "absolute").contains(g.distance())) {
            errors.add(new FieldError("gtl.distance", "must be 'squared' or 'absolute'"));
        }
        if (!Set.of("tensor", "global").contains(g.normalise())) {
            errors.add(new FieldError("gtl.normalise", "must be 'tensor' or 'global'"));
        }
        if (SpecWord.find(GtlSpec.Mode.class, g.mode()).isEmpty()) {
            errors.add(new FieldError("gtl.mode", "must be 'gradient' (scale gradients before the optimizer; the paper's, for SGD)"
                    + " or 'update' (scale the optimizer's step; for Adam)"));
        }
        boolean inherited = java.util.Objects.equals(g.scoutOptimizer(), train.optimizer())
                && java.util.Objects.equals(g.scoutMomentum(), train.momentum());
        if (inherited) {
            // the scouts share train's optimizer: checked there, reported once
        } else if (!OPTIMIZERS.contains(g.scoutOptimizer())) {
            errors.add(new FieldError("gtl.scoutOptimizer", "must be 'adam' or 'sgd', was '" + g.scoutOptimizer() + "'"));
        } else {
            rules.get("momentum").check("gtl.scoutMomentum", g.scoutMomentum(), errors);
            if (TrainSpec.OptimizerName.ADAM.is(g.scoutOptimizer()) && g.scoutMomentum() != null && g.scoutMomentum() != 0) {
                errors.add(new FieldError("gtl.scoutMomentum", "only sgd takes a momentum; set gtl.scoutOptimizer: sgd or drop it"));
            }
        }
        if (!Set.of("none", "power", "rank").contains(g.transform())) {
            errors.add(new FieldError("gtl.transform", "must be 'none', 'power' or 'rank', was '" + g.transform() + "'"));
        }
        if (g.power() == null || !(g.power() > 0) || !Double.isFinite(g.power())) {
            errors.add(new FieldError("gtl.power", "must be a positive number, was " + g.power()));
        } else if (g.power() != 1.0 && !"power".equals(g.transform())) {
            errors.add(new FieldError("gtl.power", "applies only with gtl.transform: power"));
        }
        if (g.offset() == null || !(g.offset() >= -1 && g.offset() <= 1)) {
            errors.add(new FieldError("gtl.offset", "must be in [-1, 1] (guide' = max(0, offset + (1 - offset) * guide)), was "
                    + g.offset()));
        }
        rules.get("guideScale").check("gtl.scale", g.scale(), errors);
        if (!(g.sparsify() >= 0 && g.sparsify() < 1)) {
            errors.add(new FieldError("gtl.sparsify", "must be in [0, 1)"));
        }
    }

    private static void checkDistill(DistillSpec d, DataSpec data, SearchSpec search, Map<String, ValueRule> rules,
            SpecLimits limits, LabDatasets lab, List<FieldError> errors) {
        Datasets.Info target = Datasets.KNOWN.get(data.dataset());
        Datasets.Info held = target == null ? null : lab.info(data, data.dataset());
        String why = lab.explain(data, data.dataset());
        if (!Set.of(DistillSpec.SOFT, DistillSpec.HARD).contains(d.mode())) {
            errors.add(new FieldError("distill.mode", "must be 'soft' (the teacher's softmax at T) or 'hard' (its argmax "
                    + "labels), was '" + d.mode() + "'"));
        } else if (DistillSpec.HARD.equals(d.mode()) && search.space().containsKey("temperature")) {
            errors.add(new FieldError("search.space.temperature", "hard-label distillation (distill.mode: hard) uses no "
                    + "temperature: the teacher's argmax is the same at every T"));
        }
        if (!Set.of(DistillSpec.LABELLED, DistillSpec.UNLABELLED).contains(d.transferLabels())) {
            errors.add(new FieldError("distill.transferLabels", "must be 'hard' (the transfer set's true labels feed the hard "
                    + "term) or 'none' (unlabelled: only the teacher labels it), was '" + d.transferLabels() + "'"));
        } else if (DistillSpec.UNLABELLED.equals(d.transferLabels())) {
            double hard = highest(search.space().get("hardWeight"), d.hardWeight());
            if (hard != 0) {
                errors.add(new FieldError(search.space().containsKey("hardWeight") ? "search.space.hardWeight" : "distill.hardWeight",
                        "an unlabelled transfer set (distill.transferLabels: none) has no true labels for the hard term: "
                                + "hardWeight must be 0, was up to " + hard));
            }
        }
        examplesPerClass(errors, "distill.transferExamplesPerClass", d.transferExamplesPerClass(), held, data.dataset(), why);
        if (d.teacherArtifact() == null) {
            examplesPerClass(errors, "distill.teacherExamplesPerClass", d.teacherExamplesPerClass(), held, data.dataset(), why);
            if (!(d.teacherInputDropout() >= 0 && d.teacherInputDropout() < 1)) {
                errors.add(new FieldError("distill.teacherInputDropout", "must be in [0, 1), was " + d.teacherInputDropout()));
            }
            if (target != null && d.teacherJitter() != null && d.teacherJitter() > 0 && target.height() == 1) {
                errors.add(new FieldError("distill.teacherJitter", "'" + data.dataset() + "' is a table: only images can be "
                        + "shifted; use 0"));
            } else if (target != null && (d.teacherJitter() == null || d.teacherJitter() < 0
                    || d.teacherJitter() > Math.min(target.height(), target.width()) / 4)) {
                errors.add(new FieldError("distill.teacherJitter", "must be 0.." + Math.min(target.height(), target.width()) / 4
                        + " pixels (a quarter of the image side), was " + d.teacherJitter()));
            }
            sizes("distill.teacherHidden", d.teacherHidden(), limits.maxLayerWidth(), errors);
            if (d.teacherModel() != null) {
                // the declared teacher's own fields are checked with the method (checkDistillMethod)
            } else if (d.teacherHidden().isEmpty() || d.teacherHidden().size() > limits.maxLayers()) {
                errors.add(new FieldError("distill.teacherHidden", "needs 1.." + limits.maxLayers() + " layers, has " + d.teacherHidden().size()));
            }
            atMost(errors, "distill.teacherEpochs", d.teacherEpochs(), limits.maxEpochs(), "max-epochs");
            positive(errors, "distill.teacherLearningRate", d.teacherLearningRate());
            if (!(d.teacherDropout() >= 0 && d.teacherDropout() < 1)) {
                errors.add(new FieldError("distill.teacherDropout", "must be in [0, 1), was " + d.teacherDropout()));
            }
        }
        if (d.teachers() != null) {
            checkTeachers(d, data, limits, lab, errors);
            boolean noneShares = !d.teachers().isEmpty() && d.teachers().stream().allMatch(t -> t != null
                    && t.classes().stream().allMatch(java.util.Objects::nonNull) && t.relation(data) == TeacherSpec.Relation.DISJOINT);
            if (noneShares && lowest(search.space().get("hardWeight"), d.hardWeight()) == 0) {
                errors.add(new FieldError(search.space().containsKey("hardWeight") ? "search.space.hardWeight" : "distill.hardWeight",
                        "no listed teacher shares a class with the students (each teaches an auxiliary head), so only the "
                                + "hard term trains the students' own head: hardWeight must be positive in every trial"));
            }
        }
        rules.get("temperature").check("distill.temperature", d.temperature(), errors);
        rules.get("softWeight").check("distill.softWeight", d.softWeight(), errors);
        rules.get("hardWeight").check("distill.hardWeight", d.hardWeight(), errors);
        // the loss needs some weight in every trial: the smallest soft and hard weights the sweep can pair
        double soft = lowest(search.space().get("softWeight"), d.softWeight());
        double hard = lowest(search.space().get("hardWeight"), d.hardWeight());
        if (!(soft + hard > 0)) {
            String field = search.space().containsKey("softWeight") ? "search.space.softWeight"
                    : search.space().containsKey("hardWeight") ? "search.space.hardWeight" : "distill.softWeight";
            errors.add(new FieldError(field, "softWeight + hardWeight must be positive in every trial; the lowest pair is "
                    + soft + " + " + hard));
        }
    }

    /**
     * {@code distill.method} and what it needs: a declared teacher ({@code distill.teacherModel}, checked
     * like {@code model} with its own field paths), the FitNet hint and guided layers or the attention
     * pairs named in the networks that declare them, with shapes that can be matched. A teacher loaded
     * from {@code teacherArtifact} declares nothing here: its layers are named by vertex and checked where
     * it is loaded.
     */
    private static void checkDistillMethod(ExperimentSpec spec, SpecLimits limits, List<FieldError> errors) {
        DistillSpec d = spec.distill();
        DataSpec data = spec.data();
        Datasets.Info target = data.info(data.dataset());
        if (d.teacherModel() != null) {
            if (d.teacherArtifact() != null) {
                errors.add(new FieldError("distill.teacherModel", "the teacher comes from distill.teacherArtifact already; give one of the two"));
            }
            if (!d.teacherHidden().isEmpty()) {
                errors.add(new FieldError("distill.teacherHidden", "sizes the MLP teacher; distill.teacherModel declares the teacher instead"));
            }
            if (d.teacherDropout() != 0) {
                errors.add(new FieldError("distill.teacherDropout", "applies to the MLP teacher; a declared teacher (distill.teacherModel) "
                        + "sets its dropout in its own dropout field or dropout layers"));
            }
            if (d.teacherInputDropout() != 0) {
                errors.add(new FieldError("distill.teacherInputDropout", "applies to the MLP teacher; give a declared teacher's inputs "
                        + "dropout on its first layer (distill.teacherModel.layers[0].dropout)"));
            }
            if (d.teacherModel().weights() != null) {
                errors.add(new FieldError("distill.teacherModel.weights", "a teacher is trained here or loaded whole with "
                        + "distill.teacherArtifact; it takes no imported body"));
            }
            List<FieldError> own = new ArrayList<>();
            checkModel(d.teacherModel(), data, limits, own);
            own.stream().filter(e -> !e.field().equals("model.weights") && !e.field().startsWith("model.weights."))
                    .map(e -> new FieldError("distill.teacherModel" + e.field().substring("model".length()), e.message()))
                    .forEach(errors::add);
        }
        FitNetSpec fitnet = d.fitnet();
        AttentionSpec attention = d.attention();
        if (d.method() != DistillMethod.FITNET && (fitnet.hintLayer() != null || fitnet.guidedLayer() != null)) {
            errors.add(new FieldError("distill.fitnet", "applies with distill.method: fitnet; the method is " + d.method().wire()));
        }
        if (d.method() != DistillMethod.ATTENTION && !attention.pairs().isEmpty()) {
            errors.add(new FieldError("distill.attention", "applies with distill.method: attention; the method is " + d.method().wire()));
        }
        if (d.listsTeachers() && d.teacherModel() != null) {
            errors.add(new FieldError("distill.teacherModel", "declares the one teacher of a single-teacher distillation; "
                    + "the teachers of distill.teachers are MLPs sized by their own hidden field"));
        }
        if (d.listsTeachers() && d.method() != DistillMethod.SOFT_TARGETS) {
            errors.add(new FieldError("distill.teachers", d.method().wire() + " matches the layers of one declared teacher "
                    + "(distill.teacherModel); several teachers teach only by soft targets (distill.method: soft)"));
        }
        if (d.method() == DistillMethod.SOFT_TARGETS) {
            return;
        }
        boolean networksValid = errors.stream().noneMatch(e -> e.field().startsWith("model") || e.field().startsWith("distill.teacher"));
        // a width sweep's widest student has the largest guided layer (the FitNet regressor grows with it)
        Network student = networksValid && target != null ? Network.of(spec.model().widened(widestStudent(spec)), "the student (model)",
                target, limits) : null;
        Network teacher = networksValid && target != null && d.teacherArtifact() == null
                ? Network.of(d.teacherNetwork(), d.teacherModel() != null ? "the teacher (distill.teacherModel)"
                        : "the teacher (the MLP of distill.teacherHidden)", target, limits)
                : null;
        if (d.method() == DistillMethod.FITNET) {
            atMost(errors, "distill.fitnet.epochs", fitnet.epochs(), limits.maxEpochs(), "max-epochs");
            positive(errors, "distill.fitnet.learningRate", fitnet.learningRate());
            ModelLayers.Shape hint = layer(teacher, "distill.fitnet.hintLayer", fitnet.hintLayer(), false, errors);
            ModelLayers.Shape guided = layer(student, "distill.fitnet.guidedLayer", fitnet.guidedLayer(), false, errors);
            if (hint != null && guided != null) {
                boolean conv = hint.spatial() && guided.spatial() && guided.height() >= hint.height() && guided.width() >= hint.width();
                double parameters = conv
                        ? (double) (guided.height() - hint.height() + 1) * (guided.width() - hint.width() + 1) * guided.channels()
                                * hint.channels() + hint.channels()
                        : (double) guided.size() * hint.size() + hint.size();
                if (parameters > limits.maxParameters()) {
                    errors.add(new FieldError("distill.fitnet.guidedLayer", "the " + (conv ? "conv" : "dense") + " regressor from "
                            + fitnet.guidedLayer() + " (" + shapeText(guided) + ") to " + fitnet.hintLayer() + " (" + shapeText(hint)
                            + ") has " + (long) parameters + " parameters; at most " + limits.maxParameters()
                            + " (transferlab.orchestrator.spec-limits.max-parameters): pick layers with smaller outputs"));
                }
            }
        } else {
            if (attention.pairs().isEmpty()) {
                errors.add(new FieldError("distill.attention.pairs", "name at least one pair of conv layers: {student: <layer of model>, "
                        + "teacher: <layer of the teacher>}"));
            }
            for (int i = 0; i < attention.pairs().size(); i++) {
                AttentionSpec.Pair pair = attention.pairs().get(i);
                String at = "distill.attention.pairs[" + i + "]";
                if (pair == null) {
                    errors.add(new FieldError(at, "needs student and teacher layer names"));
                    continue;
                }
                ModelLayers.Shape s = layer(student, at + ".student", pair.student(), true, errors);
                ModelLayers.Shape t = layer(teacher, at + ".teacher", pair.teacher(), true, errors);
                if (s != null && t != null && (s.height() != t.height() || s.width() != t.width())) {
                    errors.add(new FieldError(at, "attention maps must have the same size: student layer " + pair.student() + " outputs "
                            + s.height() + "×" + s.width() + " but teacher layer " + pair.teacher() + " outputs " + t.height() + "×"
                            + t.width()));
                }
            }
            if (attention.beta() == null || !(attention.beta() > 0) || !Double.isFinite(attention.beta())) {
                errors.add(new FieldError("distill.attention.beta", "must be a positive number (the paper's 1000), was " + attention.beta()));
            }
            if (attention.power() == null || !(attention.power() >= 1) || !Double.isFinite(attention.power())) {
                errors.add(new FieldError("distill.attention.power", "must be a number >= 1 (the paper's 2), was " + attention.power()));
            }
        }
    }

    /** A network's layer names and the shape each outputs, on the target's inputs. */
    private record Network(String what, List<String> names, List<ModelLayers.Shape> outputs) {
        static Network of(ModelSpec model, String what, Datasets.Info target, SpecLimits limits) {
            List<LayerSpec> layers = ModelLayers.of(model, target.height(), target.width());
            ModelLayers.Walk walk = ModelLayers.walk(layers, "model.layers", target.channels(), target.height(), target.width(), limits);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                names.add(ModelLayers.nameOf(layers, i));
            }
            return walk.errors().isEmpty() ? new Network(what, names, walk.outputs()) : null;
        }
    }

    /** The output shape of the layer {@code name} of {@code network}, or null with an error naming {@code field}. */
    private static ModelLayers.Shape layer(Network network, String field, String name, boolean spatial, List<FieldError> errors) {
        if (name == null || name.isBlank()) {
            errors.add(new FieldError(field, "must name a layer"));
            return null;
        }
        if (network == null) {
            return null; // the network has errors of its own, or is an artifact named by vertex
        }
        int index = network.names().indexOf(name);
        if (index < 0) {
            errors.add(new FieldError(field, "no layer of " + network.what() + " is named '" + name + "'; its layers are "
                    + network.names()));
            return null;
        }
        ModelLayers.Shape shape = network.outputs().get(index);
        if (spatial && !shape.spatial()) {
            errors.add(new FieldError(field, "layer '" + name + "' of " + network.what() + " outputs " + shape.size()
                    + " flat values; an attention map needs a conv, pool, batch norm or activation layer's map"));
            return null;
        }
        return shape;
    }

    private static String shapeText(ModelLayers.Shape shape) {
        return shape.spatial() ? shape.channels() + "×" + shape.height() + "×" + shape.width() : shape.size() + " values";
    }

    /**
     * A list of teachers ({@code distill.teachers}): each one trained here on a task whose inputs
     * have the students' shape (another shape cannot be fed the transfer set, the one thing no mode
     * can handle), with sound training settings; and, on an unlabelled transfer set, teachers whose
     * classes reach every class of the students and link them through shared classes, since the
     * students' main head then learns only from them.
     */
    private static void checkTeachers(DistillSpec d, DataSpec data, SpecLimits limits, LabDatasets lab, List<FieldError> errors) {
        List<TeacherSpec> teachers = d.teachers();
        if (teachers.isEmpty()) {
            errors.add(new FieldError("distill.teachers", "lists no teacher; list at least one or leave the field out"));
            return;
        }
        if (d.teacherArtifact() != null) {
            errors.add(new FieldError("distill.teachers", "listed teachers are trained here and distill.teacherArtifact loads a "
                    + "trained one; give one of the two"));
        }
        int before = errors.size();
        Datasets.Info students = data.info(data.dataset());
        List<List<Integer>> linked = new ArrayList<>();
        for (int i = 0; i < teachers.size(); i++) {
            String field = "distill.teachers[" + i + "]";
            TeacherSpec t = teachers.get(i);
            if (t == null) {
                errors.add(new FieldError(field, "is empty; give at least its classes"));
                continue;
            }
            Datasets.Info info = known(data, t.dataset(), field + ".dataset", errors);
            if (info != null) {
                checkClasses(field + ".classes", t.classes(), info.classes(), errors);
                if (students != null && (info.channels() != students.channels() || info.height() != students.height()
                        || info.width() != students.width())) {
                    errors.add(new FieldError(field + ".dataset", "'" + t.dataset() + "' has inputs of " + shape(info)
                            + " but the students read " + shape(students) + " (data.dataset: " + data.dataset()
                            + "); a teacher must read the transfer set's images"));
                }
                examplesPerClass(errors, field + ".examplesPerClass", t.examplesPerClass(), lab.info(data, t.dataset()), t.dataset(),
                        lab.explain(data, t.dataset()));
            }
            sizes(field + ".hidden", t.hidden(), limits.maxLayerWidth(), errors);
            if (t.hidden().isEmpty() || t.hidden().size() > limits.maxLayers()) {
                errors.add(new FieldError(field + ".hidden", "needs 1.." + limits.maxLayers() + " layers, has " + t.hidden().size()));
            }
            atMost(errors, field + ".epochs", t.epochs(), limits.maxEpochs(), "max-epochs");
            positive(errors, field + ".learningRate", t.learningRate());
            if (t.dropout() == null || !(t.dropout() >= 0 && t.dropout() < 1)) {
                errors.add(new FieldError(field + ".dropout", "must be in [0, 1), was " + t.dropout()));
            }
            positive(errors, field + ".weight", t.weight());
            if (t.classes().stream().allMatch(java.util.Objects::nonNull) && t.relation(data) != TeacherSpec.Relation.DISJOINT) {
                linked.add(t.classes().stream().filter(data.targetClasses()::contains).toList());
            }
        }
        if (DistillSpec.UNLABELLED.equals(d.transferLabels()) && errors.size() == before) {
            unlabelledCoverage(linked, data.targetClasses(), errors);
        }
    }

    /**
     * On an unlabelled transfer set a student class must be answered by some teacher, and the
     * teachers' class sets must overlap into one group: a teacher only says how likely its classes
     * are relative to each other, so two groups that share no class would leave the split of
     * probability between them unknown (Vongkulbhisal et al., 2019, need the same).
     */
    private static void unlabelledCoverage(List<List<Integer>> teacherClasses, List<Integer> students, List<FieldError> errors) {
        List<Integer> missing = students.stream().filter(c -> teacherClasses.stream().noneMatch(t -> t.contains(c))).toList();
        if (!missing.isEmpty()) {
            errors.add(new FieldError("distill.teachers", "an unlabelled transfer set (distill.transferLabels: none) gives the "
                    + "students no label of classes " + missing + ": no teacher of data.dataset answers them"));
            return;
        }
        Set<Integer> reached = new HashSet<>(teacherClasses.get(0));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (List<Integer> t : teacherClasses) {
                if (!reached.containsAll(t) && t.stream().anyMatch(reached::contains)) {
                    reached.addAll(t);
                    grew = true;
                }
            }
        }
        if (!reached.containsAll(students)) {
            errors.add(new FieldError("distill.teachers", "on an unlabelled transfer set (distill.transferLabels: none) the "
                    + "teachers' classes must overlap into one group: classes " + reached + " share no class with "
                    + students.stream().filter(c -> !reached.contains(c)).toList() + ", so nothing tells the students how to "
                    + "divide probability between the two; label the transfer set or add a teacher that spans both"));
        }
    }

    private static String shape(Datasets.Info info) {
        return info.channels() + "x" + info.height() + "x" + info.width();
    }

    /** 0 (every training image) or a count each target class of the dataset has. */
    private static void examplesPerClass(List<FieldError> errors, String field, Integer k, Datasets.Info target, String dataset,
            String why) {
        if (k == null || k < 0) {
            errors.add(new FieldError(field, "must be 0 (every training image) or positive, was " + k));
        } else if (target != null && k > target.minTrainPerClass()) {
            errors.add(new FieldError(field, k + " examples per class is impossible: the smallest class of " + dataset
                    + " has " + target.minTrainPerClass() + " training examples" + why));
        }
    }

    /** The largest number a search dimension can produce, or {@code fixed} when the space does not set it. */
    private static double highest(ParamSpec p, Double fixed) {
        return extreme(p, fixed, true);
    }

    /** The smallest number a search dimension can produce, or {@code fixed} when the space does not set it. */
    private static double lowest(ParamSpec p, Double fixed) {
        return extreme(p, fixed, false);
    }

    /** A numeric dimension's bound, or the largest (smallest) of a choice's values; a non-number counts as 0. */
    private static double extreme(ParamSpec p, Double fixed, boolean largest) {
        if (p == null || p.type() == null) {
            return fixed == null ? 0 : fixed;
        }
        if (p.numeric()) {
            Double bound = largest ? p.max() : p.min();
            return bound == null ? 0 : bound;
        }
        double extreme = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (Object v : p.values() == null ? List.of() : p.values()) {
            double x = v instanceof Number n ? n.doubleValue() : 0;
            extreme = largest ? Math.max(extreme, x) : Math.min(extreme, x);
        }
        return extreme;
    }

    /**
     * One objective ({@code metric}, {@code mode}) or several ({@code metrics}), never both; each a
     * known metric named once. Schedulers that stop trials on one metric's curve (ASHA, median)
     * refuse a multi-objective spec: stopping on the first metric alone would kill trials the front
     * needs (small, fast, slightly less accurate ones). They also refuse an objective reported only
     * at the end of a trial.
     */
    private static void checkObjective(ObjectiveSpec objective, SchedulerSpec scheduler, List<FieldError> errors) {
        List<ObjectiveSpec.Goal> metrics = objective.metrics();
        if (metrics != null && !metrics.isEmpty()) {
            if (!metrics.getFirst().equals(new ObjectiveSpec.Goal(objective.metric(), objective.mode()))) {
                errors.add(new FieldError("objective.metric", "give either metric/mode (one objective) or metrics (several), not both"));
            }
            Set<String> seen = new java.util.HashSet<>();
            for (int i = 0; i < metrics.size(); i++) {
                ObjectiveSpec.Goal g = metrics.get(i);
                String path = "objective.metrics[" + i + "]";
                checkGoal(g.metric(), g.mode(), path + ".metric", path + ".mode", errors);
                if (g.metric() != null && !seen.add(g.metric())) {
                    errors.add(new FieldError(path + ".metric", "metric '" + g.metric() + "' is already an objective; name each metric once"));
                }
            }
        } else {
            checkGoal(objective.metric(), objective.mode(), "objective.metric", "objective.mode", errors);
        }
        boolean stopsOnCurves = Set.of("asha", "median", SchedulerSpec.PBT).contains(scheduler.type());
        if (stopsOnCurves && objective.multi()) {
            errors.add(new FieldError("scheduler.type", "scheduler '" + scheduler.type() + "' ranks trials on one metric; a multi-objective"
                    + " search (objective.metrics) runs every trial to its end: use fifo"));
        } else if (stopsOnCurves && objective.metric() != null && FINAL_ONLY_METRICS.contains(objective.metric())) {
            errors.add(new FieldError("scheduler.type", "scheduler '" + scheduler.type() + "' compares trials epoch by epoch, but '"
                    + objective.metric() + "' is reported only when a trial ends: use fifo"));
        }
    }

    private static void checkGoal(String metric, String mode, String metricPath, String modePath, List<FieldError> errors) {
        if (!Set.of("max", "min").contains(String.valueOf(mode))) {
            errors.add(new FieldError(modePath, "must be 'max' or 'min', was '" + mode + "'"));
        }
        if (metric == null) {
            // Set.of(...).contains(null) throws: a goal without a name is a 400, not a 500
            errors.add(new FieldError(metricPath, "name the metric; trials report " + new java.util.TreeSet<>(METRICS)));
        } else if (metric.startsWith(WorkResult.TEST_PREFIX)) {
            errors.add(new FieldError(metricPath, "'" + metric + "' is measured on the held-out test split, which nothing selects on;"
                    + " use its validation counterpart"));
        } else if (!METRICS.contains(metric)) {
            errors.add(new FieldError(metricPath, "unknown metric '" + metric + "'; trials report " + new java.util.TreeSet<>(METRICS)));
        }
    }

    /** The transferability stage: fine-tunes only, a known method, a sample and pruning that make sense. */
    private static void checkTransferability(ExperimentSpec spec, List<FieldError> errors) {
        TransferabilitySpec t = spec.transferability();
        if (t == null || !t.enabled()) {
            return;
        }
        if (spec.kind() != ExperimentKind.FINETUNE) {
            errors.add(new FieldError("transferability", "scores a fine-tune's candidate cut points; a "
                    + spec.kind().wire() + " experiment has none"));
            return;
        }
        if (!TransferabilitySpec.METHODS.contains(t.method())) {
            errors.add(new FieldError("transferability.method", "unknown method '" + t.method() + "'; known: "
                    + TransferabilitySpec.METHODS));
        }
        if (t.examplesPerClass() == null || t.examplesPerClass() < 1) {
            errors.add(new FieldError("transferability.examplesPerClass", "must be at least 1, was " + t.examplesPerClass()));
        }
        int candidates = TransferabilitySpec.candidates(spec).size();
        if (candidates == 0) {
            errors.add(new FieldError("search.space.frozenLayers", "the transferability stage finds no whole frozen depth"
                    + " among its values"));
        } else if (candidates > TransferabilitySpec.MAX_CANDIDATES) {
            errors.add(new FieldError("search.space.frozenLayers", "the transferability stage scores at most "
                    + TransferabilitySpec.MAX_CANDIDATES + " frozen depths; this space has " + candidates));
        }
        TransferabilitySpec.Prune prune = t.prune();
        if (prune == null) {
            return;
        }
        if (prune.keep() == null && prune.margin() == null) {
            errors.add(new FieldError("transferability.prune", "give keep (how many candidates the sweep tries) or margin"
                    + " (how far below the best score a candidate may be), or leave prune out"));
        }
        if (prune.keep() != null && prune.keep() < 1) {
            errors.add(new FieldError("transferability.prune.keep", "must be at least 1, was " + prune.keep()));
        }
        if (prune.margin() != null && !(prune.margin() >= 0 && Double.isFinite(prune.margin()))) {
            errors.add(new FieldError("transferability.prune.margin", "must be 0 or more, was " + prune.margin()));
        }
    }

    private static void checkScheduler(SchedulerSpec s, Integer epochs, SpecLimits limits, List<FieldError> errors) {
        if (!Set.of("fifo", "asha", "median", SchedulerSpec.PBT).contains(s.type())) {
            errors.add(new FieldError("scheduler.type", "unknown scheduler '" + s.type() + "'; available: fifo, asha, median, pbt"));
        }
        positive(errors, "scheduler.gracePeriod", s.gracePeriod());
        if (!java.util.Objects.equals(s.maxResource(), epochs)) {
            // left out, it is train.epochs, which is checked (and reported) on its own
            atMost(errors, "scheduler.maxResource", s.maxResource(), limits.maxEpochs(), "max-epochs");
        }
        positive(errors, "scheduler.brackets", s.brackets());
        positive(errors, "scheduler.minTrials", s.minTrials());
        if (s.reductionFactor() == null || s.reductionFactor() < 2) {
            errors.add(new FieldError("scheduler.reductionFactor", "must be at least 2"));
        }
        if (s.gracePeriod() != null && s.maxResource() != null && s.gracePeriod() > s.maxResource()) {
            errors.add(new FieldError("scheduler.gracePeriod", "grace period " + s.gracePeriod() + " exceeds maxResource " + s.maxResource()));
        }
    }

    /**
     * Population-based training: fine-tune sweeps only (their trials checkpoint and resume a
     * network whose learning rates can change between epochs); an interval the checkpoints fall
     * on and that leaves an epoch after it; a quantile in (0, 0.5] so bottom and top never share a
     * trial; factors and a probability that keep values positive; and mutations that are searched
     * numeric ranges of parameters that can change mid-training ({@link SchedulerSpec#MUTABLE}).
     */
    private static void checkPopulation(ExperimentSpec spec, List<FieldError> errors) {
        SchedulerSpec s = spec.scheduler();
        if (spec.kind() != ExperimentKind.FINETUNE) {
            errors.add(new FieldError("scheduler.type", "pbt exploits checkpoints of fine-tune trials; a "
                    + spec.kind().wire() + " experiment cannot use it"));
        }
        Integer interval = s.perturbationInterval();
        int epochs = spec.train().epochs() == null ? 0 : spec.train().epochs();
        int checkpointEvery = spec.train().checkpointEvery();
        if (interval == null || interval < 1) {
            errors.add(new FieldError("scheduler.perturbationInterval", "must be at least 1 epoch, was " + interval));
        } else {
            if (interval >= epochs) {
                errors.add(new FieldError("scheduler.perturbationInterval", "an interval of " + interval
                        + " epochs leaves no epoch to train after an exploit; train.epochs is " + epochs));
            }
            if (checkpointEvery < 1 || interval % checkpointEvery != 0) {
                errors.add(new FieldError("scheduler.perturbationInterval", "exploits copy the checkpoint a donor publishes at"
                        + " the interval's epochs, so it must be a multiple of train.checkpointEvery (" + checkpointEvery + ")"));
            }
        }
        Double quantile = s.quantile();
        if (quantile == null || !(quantile > 0 && quantile <= 0.5)) {
            errors.add(new FieldError("scheduler.quantile", "must be in (0, 0.5]: the bottom and the top fraction of the"
                    + " population, which may not overlap; was " + quantile));
        }
        Double resample = s.resampleProbability();
        if (resample == null || !(resample >= 0 && resample <= 1)) {
            errors.add(new FieldError("scheduler.resampleProbability", "must be in [0, 1], was " + resample));
        }
        List<Double> factors = s.perturbFactors();
        if (factors == null || factors.isEmpty()) {
            errors.add(new FieldError("scheduler.perturbFactors", "give at least one factor, e.g. [0.8, 1.2]"));
        } else {
            for (int i = 0; i < factors.size(); i++) {
                Double f = factors.get(i);
                if (f == null || !(f > 0) || !Double.isFinite(f)) {
                    errors.add(new FieldError("scheduler.perturbFactors[" + i + "]", "must be a positive number, was " + f));
                }
            }
        }
        if (SpecWord.find(SchedulerSpec.Explore.class, s.explore()).isEmpty()) {
            errors.add(new FieldError("scheduler.explore", "must be one of " + SpecWord.words(SchedulerSpec.Explore.class)
                    + " (perturb: the donor's values perturbed or resampled; bandit: PB2's Gaussian-process choice), was '"
                    + s.explore() + "'"));
        }
        List<String> mutations = s.mutations() == null ? List.of() : s.mutations();
        if (mutations.isEmpty()) {
            errors.add(new FieldError("scheduler.mutations", "pbt explores by changing " + SchedulerSpec.MUTABLE
                    + " mid-training; search.space searches none of them"));
        }
        for (int i = 0; i < mutations.size(); i++) {
            String name = mutations.get(i);
            String path = "scheduler.mutations[" + i + "]";
            ParamSpec p = spec.search().space().get(name);
            if (!SchedulerSpec.MUTABLE.contains(name)) {
                errors.add(new FieldError(path, "'" + name + "' cannot change mid-training (it fixes the network or the loop a"
                        + " checkpoint was trained with); only " + SchedulerSpec.MUTABLE + " can"));
            } else if (p == null) {
                errors.add(new FieldError(path, "'" + name + "' is not in search.space; explore resamples within its range"));
            } else if (!p.numeric() || p.min() == null || p.max() == null || !(p.min() > 0)) {
                errors.add(new FieldError(path, "'" + name + "' needs a numeric range with min > 0 in search.space to"
                        + " perturb within"));
            }
        }
    }

    private static void checkSearch(SearchSpec search, Set<String> known, Map<String, ValueRule> rules, SpecLimits limits,
            List<FieldError> errors) {
        if (!Set.of("random", "grid", "tpe").contains(search.algorithm())) {
            errors.add(new FieldError("search.algorithm", "unknown algorithm '" + search.algorithm() + "'; available: random, grid, tpe"));
        }
        atMost(errors, "search.trials", search.trials(), limits.maxTrials(), "max-trials");
        positive(errors, "search.maxConcurrent", search.maxConcurrent());
        atMost(errors, "search.repeats", search.repeats(), limits.maxTrials(), "max-trials");
        if (search.trials() != null && search.repeats() != null && search.trials() > 0 && search.repeats() > 0
                && search.trials() <= limits.maxTrials() && search.repeats() <= limits.maxTrials()
                && (long) search.trials() * search.repeats() > limits.maxTrials()) {
            errors.add(new FieldError("search.repeats", search.trials() + " trials × " + search.repeats() + " repeats plan "
                    + (long) search.trials() * search.repeats() + " trials; at most " + limits.maxTrials()
                    + " (transferlab.orchestrator.spec-limits.max-trials)"));
        }
        for (Map.Entry<String, ParamSpec> e : search.space().entrySet()) {
            checkParam(e.getKey(), e.getValue(), search, known, rules, errors);
        }
        // only a space of known names goes further: that bounds it to a handful of parameters, so
        // following `when` chains and multiplying counts stays trivial whatever the text holds
        if (known.containsAll(search.space().keySet().stream().filter(n -> !n.equals(DEVICE_PARAM)).toList())) {
            checkCycles(search.space(), errors);
            if ("grid".equals(search.algorithm())) {
                checkGridSize(search.space(), limits, errors);
            }
        }
    }

    private static void checkParam(String name, ParamSpec p, SearchSpec search, Set<String> known, Map<String, ValueRule> rules,
            List<FieldError> errors) {
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
        ValueRule rule = rules.get(name);
        if (p.numeric()) {
            if (p.min() == null || p.max() == null) {
                errors.add(new FieldError(field, "needs min and max"));
            } else if (!Double.isFinite(p.min()) || !Double.isFinite(p.max())) {
                errors.add(new FieldError(field, "min and max must be finite numbers"));
            } else if (p.min() > p.max()) {
                errors.add(new FieldError(field, "min " + p.min() + " is greater than max " + p.max()));
            } else if ("loguniform".equals(p.type()) && p.min() <= 0) {
                errors.add(new FieldError(field + ".min", "loguniform needs min > 0"));
            } else if ("int".equals(p.type()) && (p.min() != Math.rint(p.min()) || p.max() != Math.rint(p.max()))) {
                errors.add(new FieldError(field, "int needs whole numbers for min and max"));
            } else if (rule != null) {
                // a range is convex and every rule is an interval: its ends are the extreme values it produces
                checkRange(field, p, rule, errors);
            }
            if (p.q() != null && !(p.q() > 0 && Double.isFinite(p.q()))) {
                errors.add(new FieldError(field + ".q", "must be positive"));
            }
        } else if (p.values() == null || p.values().isEmpty()) {
            errors.add(new FieldError(field + ".values", "choice needs at least one value"));
        } else if (rule != null) {
            for (int i = 0; i < p.values().size(); i++) {
                rule.check(field + ".values[" + i + "]", p.values().get(i), errors);
            }
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
    }

    /** The ends of a numeric range against the rule of the value it sets (what {@code ParamSampler} can produce). */
    private static void checkRange(String field, ParamSpec p, ValueRule rule, List<FieldError> errors) {
        if (rule.whole() && !"int".equals(p.type())) {
            boolean wholeGrid = p.q() != null && p.q() == Math.rint(p.q()) && p.min() == Math.rint(p.min());
            if (!wholeGrid) {
                errors.add(new FieldError(field + ".type", "this parameter takes whole numbers: use int, choice, or a whole q from a whole min"));
                return;
            }
        }
        double low = p.min();
        double high = p.max();
        long points = p.gridPoints();
        if (points > 0) {
            // a quantised range stops at the last grid point at or below max
            double step = p.q() != null ? p.q() : 1.0;
            high = Math.min(p.max(), p.min() + (points - 1) * step);
        }
        rule.check(field + ".min", low, errors);
        rule.check(field + ".max", high, errors);
    }

    /**
     * {@code when} conditions must form no cycle, or no parameter of the cycle could ever be decided;
     * each cycle is reported once, by its members in order.
     */
    private static void checkCycles(Map<String, ParamSpec> space, List<FieldError> errors) {
        Set<String> done = new HashSet<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String start : space.keySet()) {
            findCycle(start, space, new ArrayList<>(), done, reported, errors);
        }
    }

    private static void findCycle(String name, Map<String, ParamSpec> space, List<String> trail, Set<String> done,
            Set<Set<String>> reported, List<FieldError> errors) {
        int at = trail.indexOf(name);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(trail.subList(at, trail.size()));
            if (cycle.size() > 1 && reported.add(new HashSet<>(cycle))) {
                cycle.add(name);
                errors.add(new FieldError("search.space." + cycle.getFirst() + ".when",
                        "conditions depend on each other in a cycle: " + String.join(" → ", cycle)
                                + "; no parameter of it could ever be decided"));
            }
            return;
        }
        if (done.contains(name)) {
            return;
        }
        ParamSpec p = space.get(name);
        trail.add(name);
        if (p != null && p.conditional()) {
            for (String parent : p.when().keySet()) {
                if (space.containsKey(parent) && !parent.equals(name)) {
                    findCycle(parent, space, trail, done, reported, errors);
                }
            }
        }
        trail.removeLast();
        done.add(name);
    }

    /**
     * The grid's size is the product of each dimension's count (an upper bound when parameters are
     * conditional), computed without listing a single point.
     */
    private static void checkGridSize(Map<String, ParamSpec> space, SpecLimits limits, List<FieldError> errors) {
        long total = 1;
        List<String> factors = new ArrayList<>();
        for (Map.Entry<String, ParamSpec> e : space.entrySet()) {
            long n = e.getValue() == null ? 0 : e.getValue().gridPoints();
            if (n == 0) {
                return; // a malformed or continuous dimension, reported on its own
            }
            factors.add(e.getKey() + " " + n);
            total = n > Long.MAX_VALUE / total ? Long.MAX_VALUE : total * n;
        }
        if (total > limits.maxGridPoints()) {
            errors.add(new FieldError("search.space", "the grid has " + (total == Long.MAX_VALUE ? "more than 9.2e18" : String.valueOf(total))
                    + " points (" + String.join(" × ", factors) + "); at most " + limits.maxGridPoints()
                    + " (transferlab.orchestrator.spec-limits.max-grid-points): use a coarser q, fewer values, or random or tpe search"));
        }
    }

    /** Parameters and estimated memory of every network the plan trains, against what a slot may use. */
    private static void checkCost(ExperimentSpec spec, SpecLimits limits, List<FieldError> errors) {
        if (errors.stream().anyMatch(e -> e.field().startsWith("model.layers"))) {
            return; // a model with a bad layer has no cost to speak of; its layer's error says what to fix
        }
        DataSpec data = spec.data();
        Datasets.Info target = data.info(data.dataset());
        Datasets.Info source = data.info(data.sourceDataset());
        if (target == null || source == null) {
            return;
        }
        int batch = largestBatch(spec);
        ModelSpec model = spec.model();
        // each field is reported once: the model first, then the network it is pretrained in, or the teacher
        if (checkNetwork("model", "the model", ModelCost.of(model, target.channels(), target.height(), target.width(), data.targetClasses().size(), false),
                batch, limits, errors)) {
            if (spec.kind() != ExperimentKind.DISTILLATION && spec.pretrain().artifact() == null) {
                boolean autoencoder = spec.pretrain().autoencoder();
                checkNetwork("model", "the pretraining network", ModelCost.of(model, source.channels(), source.height(), source.width(),
                        data.sourceClasses().size(), autoencoder), Math.max(batch, spec.pretrain().batchSize()), limits, errors);
            }
        }
        if (spec.kind() == ExperimentKind.DISTILLATION && spec.distill().teacherModel() != null
                && spec.distill().teacherArtifact() == null
                && errors.stream().noneMatch(e -> e.field().startsWith("distill.teacherModel"))) {
            checkNetwork("distill.teacherModel", "the teacher", ModelCost.of(spec.distill().teacherModel(), target.channels(),
                    target.height(), target.width(), data.targetClasses().size(), false), batch, limits, errors);
        } else if (spec.kind() == ExperimentKind.DISTILLATION && spec.distill().listsTeachers()) {
            List<TeacherSpec> teachers = spec.distill().teachers();
            for (int i = 0; i < teachers.size(); i++) {
                TeacherSpec t = teachers.get(i);
                if (t == null || t.hidden().stream().anyMatch(h -> h == null || h <= 0)) {
                    continue;
                }
                ModelSpec network = new ModelSpec("mlp", t.hidden(), List.of(), model.activation(), 0.0);
                checkNetwork("distill.teachers[" + i + "].hidden", "teacher " + i, ModelCost.of(network, target.channels(),
                        target.height(), target.width(), t.classes().size(), false), batch, limits, errors);
            }
        } else if (spec.kind() == ExperimentKind.DISTILLATION && spec.distill().teacherArtifact() == null) {
            ModelSpec teacher = new ModelSpec("mlp", spec.distill().teacherHidden(), List.of(), model.activation(), 0.0);
            checkNetwork("distill.teacherHidden", "the teacher", ModelCost.of(teacher, target.channels(), target.height(), target.width(),
                    data.targetClasses().size(), false), batch, limits, errors);
        }
    }

    /**
     * A sweep over the student's {@code width}: the widest student (and its from-scratch twin) must be a
     * network the limits allow, checked like {@code model} with the errors on {@code search.space.width}.
     * Imported weights have the declared shapes, so they cannot fill a widened student.
     */
    private static void checkWidth(ExperimentSpec spec, SpecLimits limits, List<FieldError> errors) {
        ParamSpec p = spec.search().space().get(TrialConfig.WIDTH);
        String field = "search.space." + TrialConfig.WIDTH;
        if (spec.kind() != ExperimentKind.DISTILLATION || p == null || errors.stream().anyMatch(e -> e.field().startsWith(field)
                || e.field().startsWith("model"))) {
            return;
        }
        if (spec.model().weights() != null) {
            errors.add(new FieldError(field, "imported weights (model.weights) have the declared layers' shapes; a student of "
                    + "another width cannot load them: leave width out of the search or the weights out of the model"));
            return;
        }
        double widest = widestStudent(spec);
        ModelSpec widened = spec.model().widened(widest);
        List<FieldError> own = new ArrayList<>();
        checkModel(widened, spec.data(), limits, own);
        String at = "at width " + (widest == Math.rint(widest) ? String.valueOf((long) widest) : String.valueOf(widest));
        own.stream().map(e -> new FieldError(field, at + ", the student's " + e.field() + ": " + e.message())).forEach(errors::add);
        Datasets.Info target = spec.data().info(spec.data().dataset());
        if (own.isEmpty() && target != null) {
            checkNetwork(field, at + ", the student (model)", ModelCost.of(widened, target.channels(), target.height(), target.width(),
                    spec.data().targetClasses().size(), false), largestBatch(spec), limits, errors);
        }
    }

    /** The largest width the search space can give a student: 1 without a numeric {@code width} dimension. */
    private static double widestStudent(ExperimentSpec spec) {
        ParamSpec p = spec.search().space().get(TrialConfig.WIDTH);
        if (spec.kind() != ExperimentKind.DISTILLATION || p == null || p.type() == null) {
            return 1.0;
        }
        double widest = p.numeric() ? (p.max() != null && p.max() > 0 && Double.isFinite(p.max()) ? p.max() : 1.0)
                : p.values() == null ? 1.0 : p.values().stream().filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue())
                        .filter(v -> v > 0 && Double.isFinite(v)).max().orElse(1.0);
        return widest;
    }

    /** @return whether the network fits */
    private static boolean checkNetwork(String field, String what, ModelCost cost, int batch, SpecLimits limits, List<FieldError> errors) {
        if (cost.parameters() > limits.maxParameters()) {
            errors.add(new FieldError(field, what + " has " + cost.parameters() + " parameters; at most " + limits.maxParameters()
                    + " (transferlab.orchestrator.spec-limits.max-parameters)"));
        } else if (cost.memoryBytes(batch) > limits.maxTrialMemoryBytes()) {
            errors.add(new FieldError(field, what + " needs about " + mebibytes(cost.memoryBytes(batch)) + " MiB per trial at batch size "
                    + batch + "; a trial may use " + mebibytes(limits.maxTrialMemoryBytes())
                    + " MiB (transferlab.orchestrator.spec-limits.max-trial-memory): use a smaller model or batch"));
        } else {
            return true;
        }
        return false;
    }

    private static long mebibytes(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    /** The largest batch size any trial of the sweep may use: the fixed one or the space's largest. */
    private static int largestBatch(ExperimentSpec spec) {
        double batch = spec.train().batchSize() == null ? 1 : spec.train().batchSize();
        ParamSpec p = spec.search().space().get("batchSize");
        if (p != null && p.type() != null) {
            if (p.numeric() && p.max() != null) {
                batch = Math.max(batch, p.max());
            } else if (!p.numeric() && p.values() != null) {
                for (Object v : p.values()) {
                    if (v instanceof Number n) {
                        batch = Math.max(batch, n.doubleValue());
                    }
                }
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, Math.round(batch)));
    }

    private static void positive(List<FieldError> errors, String field, Number value) {
        if (value == null || !(value.doubleValue() > 0) || !Double.isFinite(value.doubleValue())) {
            errors.add(new FieldError(field, "must be positive, was " + value));
        }
    }

    /** A whole count 1..{@code max}; {@code key} names the limit under {@code transferlab.orchestrator.spec-limits}. */
    private static void atMost(List<FieldError> errors, String field, Integer value, long max, String key) {
        if (value == null || value <= 0) {
            errors.add(new FieldError(field, "must be positive, was " + value));
        } else if (value > max) {
            errors.add(new FieldError(field, "at most " + max + " (transferlab.orchestrator.spec-limits." + key + "), was " + value));
        }
    }
}
