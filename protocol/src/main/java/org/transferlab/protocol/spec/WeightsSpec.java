package org.transferlab.protocol.spec;

import java.util.Map;

/**
 * Pretrained weights for the declared network ({@code model.weights}): a file ({@code path}) or an
 * artifact of the lab ({@code artifact}); a path the orchestrator can read is stored as an artifact
 * at submission and the spec then names both (workers fetch the artifact), in one of the
 * formats {@code npz} (a PyTorch {@code state_dict} saved with {@code numpy.savez}), {@code safetensors},
 * {@code onnx} (a model exported with {@code torch.onnx.export}, whose initializers keep their
 * {@code state_dict} names) or {@code dl4j} (a DL4J model zip, MultiLayerNetwork or ComputationGraph); the format defaults to
 * the path's extension. A tensor {@code <prefix>.<param>} goes to the layer whose name is
 * {@code <prefix>}, or that {@code map} gives that prefix to ({@code map: {conv1: features.0}}).
 */
public record WeightsSpec(String path, String artifact, String format, Map<String, String> map) {

    public static final String NPZ = "npz";
    public static final String SAFETENSORS = "safetensors";
    public static final String ONNX = "onnx";
    public static final String DL4J = "dl4j";

    WeightsSpec withDefaults() {
        return new WeightsSpec(path, artifact, format != null ? format : guessFormat(path),
                map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map)));
    }

    private static String guessFormat(String path) {
        if (path == null) {
            return null;
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".npz") ? NPZ : lower.endsWith(".safetensors") ? SAFETENSORS
                : lower.endsWith(".onnx") ? ONNX : lower.endsWith(".zip") ? DL4J : null;
    }

    /** The tensor-name prefix of the layer called {@code layer}. */
    public String prefixOf(String layer) {
        return map != null && map.containsKey(layer) ? map.get(layer) : layer;
    }
}
