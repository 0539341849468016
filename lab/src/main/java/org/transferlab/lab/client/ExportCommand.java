package org.transferlab.lab.client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tlab export ID --format csv|json [-o FILE]}: an experiment's trials and metrics. */
@Command(name = "export", description = "Export an experiment's trials and metrics as CSV (one row per trial and step) or JSON.")
public final class ExportCommand extends ApiCommand {

    enum Format { csv, json }

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--format", required = true, description = "csv or json")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;



    @Override
    public Integer call() throws Exception {
        String text = client().export(id, format.name());
        if (output == null) {
            out().print(text);
            out().flush();
        } else {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            err().println("exported " + id + " to " + output);
        }
        return 0;
    }
}
