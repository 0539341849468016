package org.transferlab.lab;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlab pause ID}. */
@Command(name = "pause", description = "Pause a running experiment; queued trials wait, running ones stop after their epoch with a checkpoint.")
final class PauseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID")
    String id;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        String status = options.client().pause(id);
        command.commandLine().getOut().println(id + " " + status);
        return 0;
    }
}
