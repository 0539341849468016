package org.transferlab.dashboard.gtl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.Json;

/**
 * The guide matrix as the GUIDE stage summarises it (artifact role {@code guide-summary}): per layer
 * its name, shape, a down-sampled matrix of at most 64×64 guide values, their mean and the fraction
 * above one half.
 */
public record GuideSummary(List<Layer> layers) {

    public record Layer(String name, String shape, double[][] values, double mean, double fractionAboveHalf) {}

    public static GuideSummary parse(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the guide summary is not JSON: " + e.getOriginalMessage(), e);
        }
        List<Layer> layers = new ArrayList<>();
        for (JsonNode l : root.path("layers")) {
            JsonNode rows = l.path("values");
            double[][] values = new double[rows.size()][];
            for (int r = 0; r < rows.size(); r++) {
                JsonNode row = rows.get(r);
                values[r] = new double[row.size()];
                for (int c = 0; c < row.size(); c++) {
                    values[r][c] = row.get(c).asDouble();
                }
            }
            layers.add(new Layer(l.path("name").asText("layer " + layers.size()), l.path("shape").toString(), values,
                    l.path("mean").asDouble(Double.NaN), l.path("fractionAboveHalf").asDouble(Double.NaN)));
        }
        return new GuideSummary(layers);
    }
}
