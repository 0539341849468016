package org.transferlab.experiments.gtl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.GtlSpec.Mode;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;

/**
 * Guided fine-tuning: a training listener that scales each guided parameter's step by its guide
 * value, element-wise, at every iteration. Parameters the guide does not name (the head) are
 * unguided.
 *
 * <ul>
 *   <li>{@link Mode#GRADIENT} (the paper's and the reference implementation's: the guide multiplies
 *       the gradient after backprop, before the optimizer step): DL4J calls
 *       {@code onGradientCalculation} after backprop and before the updater, on the very gradient
 *       views the updater then consumes. With plain SGD the step is lr·g⊙∇ exactly; with momentum
 *       the guided gradient also feeds the velocity. Adam and RMSProp divide by a running gradient
 *       magnitude, so a constant factor g cancels and only g = 0 still matters.
 *   <li>{@link Mode#UPDATE} (ours): multiplies the step the optimizer produced
 *       (θ ← θ₀ + g ⊙ (θ₁ − θ₀), with θ₀ snapshotted before the step and θ₁ after it). Makes the
 *       guide count under Adam. The optimizer's state (moments, velocity) still sees the raw
 *       gradient. With plain SGD it equals gradient mode.
 * </ul>
 *
 * A parameter whose guide value is 0 never changes in either mode.
 */
public final class GuidedUpdates extends BaseTrainingListener {

    /** How guides made for the old MultiLayerNetworks named parameters: layer index, then parameter. */
    private static final Pattern LAYER_INDEX_NAME = Pattern.compile("\\d+_\\w+");

    private record Guided(String parameter, INDArray guide, INDArray before) {}

    private final Mode mode;
    private final List<Guided> guided = new ArrayList<>();

    /**
     * @param network any DL4J network whose parameter names the guide uses (a graph's {@code body-0_W}, …)
     * @throws IllegalArgumentException when the guide names a parameter the network lacks or shapes it differently
     */
    public GuidedUpdates(Model network, GuideMatrix guide, Mode mode) {
        this.mode = mode;
        Map<String, INDArray> params = network.paramTable();
        for (var entry : guide.values().entrySet()) {
            INDArray param = params.get(entry.getKey());
            if (param == null || !Arrays.equals(param.shape(), entry.getValue().shape())) {
                throw new IllegalArgumentException("the guide's parameter " + entry.getKey() + " "
                        + Arrays.toString(entry.getValue().shape()) + " does not match the network's "
                        + (param == null ? "(absent)" : Arrays.toString(param.shape()))
                        + (param == null && LAYER_INDEX_NAME.matcher(entry.getKey()).matches()
                                ? "; the guide names layers by index, as guides made before networks had named"
                                        + " layers did: rerun the guide stage"
                                : ""));
            }
            INDArray g = entry.getValue().castTo(param.dataType());
            guided.add(new Guided(entry.getKey(), g, mode == Mode.UPDATE ? param.ulike() : null));
        }
    }

    /**
     * The fine-tune hook: when the work names a {@code guide} input, loads that guide (re-scaled
     * by the {@code guideScale} parameter when given) and attaches it to the network in the spec's
     * {@code gtl.mode}. Without that input, does nothing.
     */
    public static void attachIfGuided(WorkItem work, ExperimentSpec spec, ComputationGraph network,
            ArtifactStore artifacts) throws IOException {
        String guideId = work.input(ArtifactRole.GUIDE).orElse(null);
        if (guideId == null) {
            return;
        }
        GuideMatrix guide = GuideMatrix.load(artifacts.fetch(guideId));
        if (work.config().guideScale() != null) {
            guide = guide.withScale(work.config().guideScale());
        }
        network.addListeners(new GuidedUpdates(network, guide, parseMode(spec.gtl().mode())));
    }

    /** {@code gtl.mode}, in any case; absent means {@link Mode#UPDATE}. */
    public static Mode parseMode(String name) {
        return GtlChoice.parse(Mode.class, "gtl.mode", name, Mode.UPDATE);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (mode == Mode.GRADIENT) {
            Gradient gradient = model.gradient();
            for (Guided g : guided) {
                INDArray view = gradient.getGradientFor(g.parameter());
                // Frozen layers report no gradient: nothing to guide.
                if (view != null) {
                    view.muli(g.guide());
                }
            }
        } else {
            for (Guided g : guided) {
                g.before().assign(model.getParam(g.parameter()));
            }
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (mode == Mode.UPDATE) {
            for (Guided g : guided) {
                INDArray param = model.getParam(g.parameter());
                param.subi(g.before()).muli(g.guide()).addi(g.before());
            }
        }
    }
}
