package org.transferlab.lab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlab export ID --format csv|json [-o FILE]}: an experiment's trials and metrics. */
@Command(name = "export", description = "Export an experiment's trials and metrics as CSV (one row per trial and step) or JSON.")
final class ExportCommand implements Callable<Integer> {

    enum Format { csv, json }

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--format", required = true, description = "csv or json")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path output;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() throws Exception {
        String text = options.client().export(id, format.name());
        if (output == null) {
            command.commandLine().getOut().print(text);
            command.commandLine().getOut().flush();
        } else {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            command.commandLine().getErr().println("exported " + id + " to " + output);
        }
        return 0;
    }
}
