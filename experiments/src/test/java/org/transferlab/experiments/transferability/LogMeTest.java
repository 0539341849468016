package org.transferlab.experiments.transferability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * LogME against values computed independently with numpy ({@code scripts/fixtures/logme_reference.py}:
 * the fixed point through numpy's SVD, the evidence from its dense definition), and the properties
 * a transferability score must have.
 */
class LogMeTest {

    @Test
    void matches_the_numpy_reference_on_tall_wide_and_two_class_features() throws IOException {
        JsonNode cases;
        try (InputStream in = LogMeTest.class.getResourceAsStream("/transferability/logme-reference.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            double[][] features = new ObjectMapper().convertValue(c.get("features"), double[][].class);
            int[] labels = new ObjectMapper().convertValue(c.get("labels"), int[].class);
            int classes = c.get("classes").asInt();
            String name = c.get("name").asText();
            LogMe.ClassEvidence[] perClass = LogMe.perClass(features, labels, classes);
            for (int k = 0; k < classes; k++) {
                JsonNode expected = c.get("perClass").get(k);
                // 1e-7: a class of the wide case fits exactly and sits at the β bound, where β = 1e10 magnifies rounding
                assertEquals(expected.get("evidence").asDouble(), perClass[k].evidencePerExample(), 1e-7, name + " class " + k);
                assertEquals(1.0, perClass[k].alpha() / expected.get("alpha").asDouble(), 1e-6, name + " alpha " + k);
                assertEquals(1.0, perClass[k].beta() / expected.get("beta").asDouble(), 1e-6, name + " beta " + k);
            }
            assertEquals(c.get("logme").asDouble(), LogMe.score(features, labels, classes), 1e-7, name);
        }
    }

    @Test
    void features_that_separate_the_labels_score_higher_than_noise() {
        Random random = new Random(7);
        int n = 60;
        int[] labels = labels(n, 3);
        double[][] separating = new double[n][8];
        double[][] noise = new double[n][8];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                separating[i][j] = (j == labels[i] ? 3.0 : 0.0) + random.nextGaussian();
                noise[i][j] = random.nextGaussian();
            }
        }
        double good = LogMe.score(separating, labels, 3);
        double bad = LogMe.score(noise, labels, 3);
        assertTrue(good > bad + 0.1, "separating " + good + " vs noise " + bad);
    }

    @Test
    void more_signal_scores_higher() {
        int n = 50;
        int[] labels = labels(n, 2);
        double previous = Double.NEGATIVE_INFINITY;
        for (double signal : new double[] {0.0, 0.5, 1.0, 2.0, 4.0}) {
            Random random = new Random(3);
            double[][] f = new double[n][5];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 5; j++) {
                    f[i][j] = random.nextGaussian() + (j == 0 ? signal * labels[i] : 0);
                }
            }
            double score = LogMe.score(f, labels, 2);
            assertTrue(score > previous, "signal " + signal + " scored " + score + " after " + previous);
            previous = score;
        }
    }

    @Test
    void does_not_change_with_the_order_of_examples_features_or_classes_nor_a_rotation_of_the_features() {
        Random random = new Random(11);
        int n = 30;
        int d = 6;
        int[] labels = labels(n, 3);
        double[][] f = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                f[i][j] = random.nextGaussian() + (j < 3 && j == labels[i] ? 1.5 : 0);
            }
        }
        double score = LogMe.score(f, labels, 3);

        double[][] shuffledRows = new double[n][];
        int[] shuffledLabels = new int[n];
        for (int i = 0; i < n; i++) {
            shuffledRows[i] = f[(i * 7) % n];
            shuffledLabels[i] = labels[(i * 7) % n];
        }
        assertEquals(score, LogMe.score(shuffledRows, shuffledLabels, 3), 1e-9, "examples reordered");

        double[][] swappedColumns = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                swappedColumns[i][j] = f[i][d - 1 - j];
            }
        }
        assertEquals(score, LogMe.score(swappedColumns, labels, 3), 1e-9, "features reordered");

        int[] renamed = new int[n];
        for (int i = 0; i < n; i++) {
            renamed[i] = (labels[i] + 1) % 3;
        }
        assertEquals(score, LogMe.score(f, renamed, 3), 1e-9, "classes renamed");

        // a rotation in the plane of features 0 and 1 keeps the isotropic prior and every distance
        double angle = 0.7;
        double[][] rotated = new double[n][];
        for (int i = 0; i < n; i++) {
            rotated[i] = f[i].clone();
            rotated[i][0] = Math.cos(angle) * f[i][0] - Math.sin(angle) * f[i][1];
            rotated[i][1] = Math.sin(angle) * f[i][0] + Math.cos(angle) * f[i][1];
        }
        assertEquals(score, LogMe.score(rotated, labels, 3), 1e-9, "features rotated");
    }

    @Test
    void a_duplicated_feature_column_is_handled_as_rank_deficient_features() {
        Random random = new Random(5);
        int n = 20;
        int[] labels = labels(n, 2);
        double[][] f = new double[n][4];
        for (int i = 0; i < n; i++) {
            f[i][0] = random.nextGaussian() + labels[i];
            f[i][1] = f[i][0];
            f[i][2] = random.nextGaussian();
            f[i][3] = 0;
        }
        double score = LogMe.score(f, labels, 2);
        assertTrue(Double.isFinite(score), "score " + score);
    }

    private static int[] labels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }
}
