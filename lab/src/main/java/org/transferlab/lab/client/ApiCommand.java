package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.transferlab.client.LabApiClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A {@code tlab} command that talks to a running lab's API: the connection options and the output. */
abstract class ApiCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options = new ClientOptions();

    @Spec
    CommandSpec command;

    LabApiClient client() {
        return options.client();
    }

    PrintWriter out() {
        return command.commandLine().getOut();
    }

    PrintWriter err() {
        return command.commandLine().getErr();
    }
}
