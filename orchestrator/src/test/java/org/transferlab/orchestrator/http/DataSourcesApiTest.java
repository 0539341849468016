package org.transferlab.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.view.ApiError;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.SpecValidation;
import org.transferlab.protocol.view.SubmitResult;

/**
 * A real API on port 0: a spec naming a dataset from the lab's files gets it read, counted and
 * stored at submission as one checksummed artifact the workers fetch; a folder that is not there,
 * or a declared layer that cannot apply, is a 400 naming the field.
 */
class DataSourcesApiTest extends OnSharedLabApi {

    /** The lab's own files: a folder of images outside the lab's data directory. */
    @TempDir
    static Path dir;

    private static final String SPEC = """
            name: own-images
            data:
              dataset: colours
              examplesPerClass: 3
              validationPerClass: 1
              sources:
                colours: {type: images, path: %s, height: 8, width: 8, channels: 3}
            model:
              layers:
                - {name: conv1, type: conv, filters: 4, kernel: %d, padding: valid, activation: relu}
                - {name: pool1, type: pool}
                - {name: fc, type: dense, units: 8, activation: relu}
            train: {epochs: 1, frozenLayers: 1}
            search: {trials: 1}
            """;

    @BeforeAll
    static void drawImages() throws IOException {
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};
        for (int c = 0; c < colours.length; c++) {
            Path folder = Files.createDirectories(dir.resolve("colours/" + c));
            for (int i = 0; i < 8; i++) {
                BufferedImage image = new BufferedImage(9 + i, 12, BufferedImage.TYPE_INT_RGB);
                image.setRGB(0, 0, colours[c].getRGB());
                ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
    }

    @Test
    void a_submitted_image_folder_is_counted_and_stored_as_one_checksummed_artifact() throws Exception {
        HttpResponse<String> submitted = api.call("POST", "/api/experiments", SPEC.formatted(dir.resolve("colours"), 3),
                "application/yaml", "test-token");
        assertEquals(201, submitted.statusCode(), submitted.body());
        String id = Json.read(submitted.body(), SubmitResult.class).id();

        HttpResponse<String> shown = api.get("/api/experiments/" + id, null);
        assertEquals(200, shown.statusCode(), shown.body());
        ExperimentView view = Json.read(shown.body(), ExperimentView.class);
        DataSourceSpec source = view.spec().data().source("colours");
        assertEquals(4, source.classes());
        assertEquals(3, source.channels());
        assertEquals(2, view.spec().data().targetClasses().size(), "the upper half of the folder's four classes");
        assertNotNull(source.artifact());
        HttpResponse<byte[]> zip = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(lab.orchestrator.url() + "/api/artifacts/" + source.artifact())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, zip.statusCode());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip.body()));
        assertEquals(source.sha256(), sha);
        assertEquals(sha, zip.headers().firstValue("X-Sha256").orElseThrow());
    }

    @Test
    void validation_counts_the_files_but_stores_nothing() throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/specs/validate", SPEC.formatted(dir.resolve("colours"), 3), "application/yaml", null);
        SpecValidation v = Json.read(r.body(), SpecValidation.class);
        assertTrue(v.valid(), r.body());
    }

    @Test
    void a_folder_that_is_not_there_is_a_400_at_its_path() throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/experiments", SPEC.formatted(dir.resolve("nowhere"), 3), "application/yaml",
                "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError e = Json.read(r.body(), ApiError.class);
        assertEquals("data.sources.colours.path", e.fields().getFirst().field());
        assertTrue(e.fields().getFirst().message().contains("is not a folder"), r.body());
    }

    @Test
    void a_kernel_larger_than_the_images_is_a_400_naming_the_layer() throws Exception {
        HttpResponse<String> r = api.call("POST", "/api/experiments", SPEC.formatted(dir.resolve("colours"), 9), "application/yaml",
                "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError e = Json.read(r.body(), ApiError.class);
        assertEquals("model.layers[0].kernel", e.fields().getFirst().field());
        assertFalse(r.body().contains("Exception"), r.body());
    }

    private static Path torchFixture(String name) {
        return Path.of("..", "experiments", "src", "test", "resources", "torch", name).toAbsolutePath().normalize();
    }

    /** The torch body's declared network on 8×8 RGB colours: fc units, weights path, conv2's tensor prefix to fill in. */
    private static final String TORCH_BODY_SPEC = """
                name: torch-body
                data:
                  dataset: colours
                  examplesPerClass: 3
                  validationPerClass: 1
                  sources:
                    colours: {type: images, path: %s, height: 8, width: 8, channels: 3}
                model:
                  layers:
                    - {name: conv1, type: conv, filters: 4, kernel: 3, padding: same}
                    - {name: bn1, type: batchnorm}
                    - {name: act1, type: activation, activation: relu}
                    - {name: pool1, type: pool}
                    - {name: conv2, type: conv, filters: 6, kernel: 3, activation: relu}
                    - {name: fc, type: dense, units: %d, activation: relu}
                  weights:
                    path: %s
                    map: {conv1: features.0, bn1: features.1, conv2: %s}
                """;

    @Test
    void a_pytorch_body_that_does_not_fit_is_a_400_naming_each_tensor() throws Exception {
        Path weights = torchFixture("torch_body.npz");
        String spec = TORCH_BODY_SPEC;
        HttpResponse<String> fits = api.call("POST", "/api/specs/validate", spec.formatted(dir.resolve("colours"), 16, weights,
                "features.4"), "application/yaml", null);
        assertTrue(Json.read(fits.body(), SpecValidation.class).valid(), fits.body());

        HttpResponse<String> r = api.call("POST", "/api/experiments", spec.formatted(dir.resolve("colours"), 12, weights, "features.3"),
                "application/yaml", "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError e = Json.read(r.body(), ApiError.class);
        assertEquals("model.weights", e.fields().getFirst().field());
        String message = e.fields().getFirst().message();
        assertTrue(message.contains("features.3.weight [6, 4, 3, 3]: missing, layer conv2 (body-1, conv) needs it"), message);
        assertTrue(message.contains("features.4.weight [6, 4, 3, 3]: no layer takes it"), message);
        assertTrue(message.contains("fc.weight: shape [16, 24] but layer fc (body-2, dense) needs [12, 24]"), message);
    }

    @Test
    void an_onnx_body_is_checked_at_submission_naming_each_initializer_that_does_not_fit() throws Exception {
        Path onnx = torchFixture("torch_body.onnx");
        HttpResponse<String> fits = api.call("POST", "/api/specs/validate", TORCH_BODY_SPEC.formatted(dir.resolve("colours"), 16, onnx,
                "features.4"), "application/yaml", null);
        assertTrue(Json.read(fits.body(), SpecValidation.class).valid(), fits.body());

        HttpResponse<String> r = api.call("POST", "/api/experiments", TORCH_BODY_SPEC.formatted(dir.resolve("colours"), 12, onnx,
                "features.3"), "application/yaml", "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError e = Json.read(r.body(), ApiError.class);
        assertEquals("model.weights", e.fields().getFirst().field());
        String message = e.fields().getFirst().message();
        assertTrue(message.startsWith("the weights in " + onnx + " do not fit the declared network: "), message);
        assertTrue(message.contains("features.3.weight [6, 4, 3, 3]: missing, layer conv2 (body-1, conv) needs it"), message);
        assertTrue(message.contains("features.4.bias [6]: no layer takes it"), message);
        assertTrue(message.contains("fc.weight: shape [16, 24] but layer fc (body-2, dense) needs [12, 24]"), message);

        HttpResponse<String> folded = api.call("POST", "/api/experiments", TORCH_BODY_SPEC.formatted(dir.resolve("colours"), 16,
                torchFixture("torch_body_folded.onnx"), "features.4"), "application/yaml", "test-token");
        assertEquals(400, folded.statusCode(), folded.body());
        String hint = Json.read(folded.body(), ApiError.class).fields().getFirst().message();
        assertTrue(hint.contains("onnx::Conv_22 [4, 3, 3, 3]: no layer takes it (torch.onnx.export gave it this name when it folded"
                + " constants"), hint);
        assertTrue(hint.contains("features.1.running_mean [4]: missing, layer bn1 (body-0-norm, batchnorm) needs it"), hint);
    }

    @Test
    void a_file_named_onnx_that_is_not_one_is_a_400_at_the_weights_path(@TempDir Path elsewhere) throws Exception {
        Path fake = elsewhere.resolve("body.onnx");
        Files.copy(torchFixture("torch_body.npz"), fake);
        HttpResponse<String> r = api.call("POST", "/api/experiments", TORCH_BODY_SPEC.formatted(dir.resolve("colours"), 16, fake,
                "features.4"), "application/yaml", "test-token");
        assertEquals(400, r.statusCode(), r.body());
        ApiError e = Json.read(r.body(), ApiError.class);
        assertEquals("model.weights.path", e.fields().getFirst().field());
        assertTrue(e.fields().getFirst().message().startsWith(fake + " is not an ONNX model"), r.body());
    }
}
