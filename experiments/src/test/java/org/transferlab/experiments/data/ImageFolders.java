package org.transferlab.experiments.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes image-folder datasets for tests: one sub-folder per class, images of assorted sizes, PNG
 * and JPEG. Class k's images are mostly one colour ({@link #COLOURS}) with noise, so a classifier
 * can tell them apart in a few epochs.
 */
public final class ImageFolders {

    public static final Color[] COLOURS = {new Color(220, 40, 40), new Color(40, 200, 40), new Color(40, 40, 220),
            new Color(220, 220, 40)};

    private ImageFolders() {}

    public static Path write(Path root, int classes, int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        for (int c = 0; c < classes; c++) {
            Path dir = Files.createDirectories(root.resolve("class-" + (char) ('a' + c)));
            for (int i = 0; i < perClass; i++) {
                int width = 10 + random.nextInt(15);
                int height = 10 + random.nextInt(15);
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = image.createGraphics();
                g.setColor(COLOURS[c]);
                g.fillRect(0, 0, width, height);
                g.dispose();
                for (int n = 0; n < width * height / 4; n++) {
                    image.setRGB(random.nextInt(width), random.nextInt(height), random.nextInt(0xffffff));
                }
                boolean jpeg = i % 3 == 2;
                ImageIO.write(image, jpeg ? "jpg" : "png", dir.resolve("img-" + i + (jpeg ? ".jpg" : ".png")).toFile());
            }
        }
        Files.writeString(root.resolve("README.txt"), "not a class folder");
        return root;
    }
}
