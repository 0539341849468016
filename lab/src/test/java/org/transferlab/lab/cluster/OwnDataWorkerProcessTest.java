package org.transferlab.lab.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * An orchestrator JVM and a worker JVM: a spec fine-tuning a PyTorch-pretrained conv body (the
 * committed fixture of {@code scripts/fixtures/torch_body.py}) on a folder of RGB images completes
 * with the images and the weights file removed from disk right after submission, so the only way
 * the worker had them was the artifacts the orchestrator stored, fetched over the artifact API.
 */
class OwnDataWorkerProcessTest {

    @TempDir
    Path dir;

    @Test
    void a_worker_in_another_process_fine_tunes_a_torch_body_on_images_it_only_has_through_the_artifact_store() throws Exception {
        Path images = dir.resolve("colours");
        Random random = new Random(5);
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW};
        for (int c = 0; c < colours.length; c++) {
            Path folder = Files.createDirectories(images.resolve("class-" + c));
            for (int i = 0; i < 16; i++) {
                BufferedImage image = new BufferedImage(10 + random.nextInt(10), 10 + random.nextInt(10), BufferedImage.TYPE_INT_RGB);
                for (int x = 0; x < image.getWidth(); x++) {
                    for (int y = 0; y < image.getHeight(); y++) {
                        image.setRGB(x, y, random.nextInt(4) == 0 ? random.nextInt(0xffffff) : colours[c].getRGB());
                    }
                }
                ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
        Path weights = Files.copy(Path.of("..", "experiments", "src", "test", "resources", "torch", "torch_body.safetensors"),
                dir.resolve("torch_body.safetensors"));
        String spec = """
                name: own-data-remote
                data:
                  dataset: colours
                  targetClasses: [0, 1, 2, 3]
                  examplesPerClass: 6
                  validationPerClass: 3
                  sources:
                    colours: {type: images, path: %s, height: 8, width: 8, channels: 3}
                model:
                  layers:
                    - {name: conv1, type: conv, filters: 4, kernel: 3, padding: same}
                    - {name: bn1, type: batchnorm}
                    - {name: act1, type: activation, activation: relu}
                    - {name: pool1, type: pool}
                    - {name: conv2, type: conv, filters: 6, kernel: 3, activation: relu}
                    - {name: fc, type: dense, units: 16, activation: relu}
                  weights:
                    path: %s
                    map: {conv1: features.0, bn1: features.1, conv2: features.4}
                train: {epochs: 3, batchSize: 8, learningRate: 0.02, frozenLayers: 2}
                search: {trials: 1}
                """.formatted(images, weights);

        try (LabCluster lab = new LabCluster(dir)) {
            lab.workers(1, 1);
            String id = lab.api.submit(spec);
            try (Stream<Path> files = Files.walk(images)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.delete(weights);
            ExperimentView done = await("the experiment ends").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> lab.api.experiment(id), e -> e.status() == ExperimentStatus.COMPLETED || e.status() == ExperimentStatus.FAILED);
            assertEquals(ExperimentStatus.COMPLETED, done.status(), () -> lab.processes.get(1).tail(60));
            DataSourceSpec source = done.spec().data().source("colours");
            String weightsArtifact = done.spec().model().weights().artifact();
            try (Stream<Path> cached = Files.list(dir.resolve("worker-0-cache"))) {
                List<String> names = cached.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.contains(source.artifact()) && names.contains(weightsArtifact),
                        "the worker's cache holds the dataset " + source.artifact() + " and the weights " + weightsArtifact + ": " + names);
            }
            assertEquals(List.of(TrialStage.PRETRAIN, TrialStage.FINETUNE, TrialStage.FROM_SCRATCH),
                    lab.api.trials(id).stream().map(TrialView::stage).sorted().toList(),
                    "pretrain (imported body), one fine-tune and its network from scratch");
        }
    }
}
