package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.LabApiException;
import org.transferlab.protocol.view.SubmitResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tlab submit SPEC [--follow]}. */
@Command(name = "submit", description = "Submit an experiment spec (YAML or JSON); --follow watches it live.")
public final class SubmitCommand extends ApiCommand {

    @Parameters(paramLabel = "SPEC", description = "the spec file")
    Path specFile;

    @Option(names = {"-f", "--follow"}, description = "follow progress until the experiment ends, then print the trial table")
    boolean follow;



    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        PrintWriter err = err();
        if (!Files.isRegularFile(specFile)) {
            err.println("tlab: no such spec file: " + specFile);
            return 2;
        }
        LabApiClient client = client();
        SubmitResult result;
        try {
            result = client.submit(Files.readString(specFile));
        } catch (LabApiException e) {
            var fields = e.error().map(a -> a.fields()).orElse(null);
            if (fields == null || fields.isEmpty()) {
                err.println("tlab: submission refused: " + e.getMessage());
            } else {
                // the API's message joins the same problems on one line: list them once, a line each
                err.println("tlab: submission refused: the spec has " + fields.size() + (fields.size() == 1 ? " problem:" : " problems:"));
                fields.forEach(f -> err.println("  " + f.field() + ": " + f.message()));
            }
            return 1;
        }
        out.println("submitted " + result.id() + " (" + result.name() + ", " + result.plannedTrials() + " trials)");
        out.flush();
        if (!follow) {
            return 0;
        }
        return new Follower(client, out).follow(client, result.id());
    }
}
