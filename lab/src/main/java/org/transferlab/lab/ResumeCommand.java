package org.transferlab.lab;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlab resume ID}. */
@Command(name = "resume", description = "Resume a paused experiment; paused trials continue from their checkpoints.")
final class ResumeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID")
    String id;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        String status = options.client().resume(id);
        command.commandLine().getOut().println(id + " " + status);
        return 0;
    }
}
