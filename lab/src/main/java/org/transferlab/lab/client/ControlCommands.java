package org.transferlab.lab.client;

import org.transferlab.client.LabApiClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The commands that change one experiment's or trial's state: {@code cancel}, {@code pause},
 * {@code resume}, {@code stop-trial}. Each prints the id and the state the API answered with.
 */
public final class ControlCommands {

    private ControlCommands() {}

    /** One id in, one state change through the API, its new status out. */
    abstract static class Control extends ApiCommand {

        @Parameters(paramLabel = "ID")
        String id;

        abstract String apply(LabApiClient client, String id);

        @Override
        public Integer call() {
            out().println(id + " " + apply(client(), id));
            return 0;
        }
    }

    @Command(name = "cancel", description = "Cancel a running experiment (its trials stop; what they recorded stays).")
    public static final class Cancel extends Control {
        @Override
        String apply(LabApiClient client, String id) {
            client.cancel(id);
            return "CANCELLED";
        }
    }

    @Command(name = "pause", description = "Pause a running experiment; queued trials wait, running ones stop after their epoch with a checkpoint.")
    public static final class Pause extends Control {
        @Override
        String apply(LabApiClient client, String id) {
            return client.pause(id);
        }
    }

    @Command(name = "resume", description = "Resume a paused experiment; its trials continue from their checkpoints.")
    public static final class Resume extends Control {
        @Override
        String apply(LabApiClient client, String id) {
            return client.resume(id);
        }
    }

    @Command(name = "stop-trial", description = "Stop one trial after its current epoch; it keeps its metrics and the sweep goes on.")
    public static final class StopTrial extends Control {
        @Override
        String apply(LabApiClient client, String id) {
            return client.stopTrial(id);
        }
    }
}
