package org.transferlab.lab;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tlab stop-trial TRIAL_ID}. */
@Command(name = "stop-trial", description = "Stop one trial (it keeps what it recorded); the sweep goes on.")
final class StopTrialCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TRIAL_ID")
    String id;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec command;

    @Override
    public Integer call() {
        String status = options.client().stopTrial(id);
        command.commandLine().getOut().println(id + " " + status);
        return 0;
    }
}
