package org.transferlab.experiments.data;

import java.io.IOException;
import java.io.InputStream;

/** Opens the dataset files bundled on the classpath; a missing one is an error naming it. */
final class Resources {

    private Resources() {}

    static InputStream open(String path) throws IOException {
        InputStream in = Resources.class.getResourceAsStream(path);
        if (in == null) {
            throw new IOException("bundled dataset file missing from the classpath: " + path);
        }
        return in;
    }
}
