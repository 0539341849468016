package org.transferlab.lab;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlab cancel ID}. */
@Command(name = "cancel", description = "Cancel a running experiment (its trials stop; what they recorded stays).")
final class CancelCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID")
    String id;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        options.client().cancel(id);
        command.commandLine().getOut().println("cancelled " + id);
        return 0;
    }
}
