package org.transferlab.lab;

import org.transferlab.lab.client.CompareCommand;
import org.transferlab.lab.client.ControlCommands;
import org.transferlab.lab.client.ExportCommand;
import org.transferlab.lab.client.ListCommand;
import org.transferlab.lab.client.ShowCommand;
import org.transferlab.lab.client.SubmitCommand;
import org.transferlab.lab.client.TokensCommand;
import org.transferlab.lab.node.DashboardCommand;
import org.transferlab.lab.node.OrchestratorCommand;
import org.transferlab.lab.node.StandaloneCommand;
import org.transferlab.lab.node.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code tlab} command. Its standard {@code --help} and {@code --version}
 * options are inherited by every subcommand, at any depth, so no command answers {@code --help}
 * with "Unknown option".
 */
@Command(
        name = "tlab",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        version = "TransferLab 0.1.0",
        description = "Runs transfer-learning experiments on a lab of workers.",
        subcommands = {
            StandaloneCommand.class,
            OrchestratorCommand.class,
            WorkerCommand.class,
            DashboardCommand.class,
            SubmitCommand.class,
            ListCommand.class,
            ShowCommand.class,
            ControlCommands.Cancel.class,
            ControlCommands.Pause.class,
            ControlCommands.Resume.class,
            ControlCommands.StopTrial.class,
            CompareCommand.class,
            ExportCommand.class,
            TokensCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Tlab {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
    }

    /** Runs a command with its output and errors going to the given writers (tests capture them). */
    public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        try {
            return commandLine(out, err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine(java.io.PrintWriter out, java.io.PrintWriter err) {
        return new CommandLine(new Tlab())
                .setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("tlab: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                    return 1;
                });
    }
}
