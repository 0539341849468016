package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.transferlab.lab.node.OrchestratorCommand;
import org.transferlab.lab.node.StandaloneCommand;
import org.transferlab.lab.node.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The {@code tlab} command line itself: help on every command, and the cluster port options. */
class CommandLineTest {

    /** Every command path of {@code tlab}, found from the command tree so that a new command is covered too. */
    static Stream<List<String>> everyCommand() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Tlab()), new ArrayList<>(), paths);
        return paths.stream();
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // aliases would only repeat a command
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                collect(sub, longer, into);
            }
        });
    }

    @ParameterizedTest(name = "tlab {0} --help")
    @MethodSource("everyCommand")
    void every_command_answers_help_with_its_usage_and_exit_code_zero(List<String> path) {
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Tlab.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        String usage = "Usage: " + String.join(" ", Stream.concat(Stream.of("tlab"), path.stream()).toList());
        assertEquals(0, rc, out + "\n" + err);
        assertTrue(out.toString().contains(usage), out.toString());
        assertTrue(out.toString().contains("--help"), out.toString());
        assertFalse(err.toString().contains("Unknown option"), err.toString());
    }

    @Test
    void the_command_tree_has_every_documented_command() {
        List<String> names = everyCommand().map(p -> String.join(" ", p)).toList();
        assertTrue(names.containsAll(List.of("standalone", "orchestrator", "worker", "dashboard", "submit", "ls", "show",
                "cancel", "pause", "resume", "stop-trial", "compare", "export", "tokens", "tokens create")), names.toString());
    }

    @Test
    void standalone_orchestrator_and_worker_take_a_cluster_port() {
        assertEquals(0, (int) new CommandLine(new StandaloneCommand()).parseArgs("--cluster-port", "0")
                .matchedOptionValue("--cluster-port", -1));
        assertEquals(25530, (int) new CommandLine(new OrchestratorCommand()).parseArgs("--cluster-port", "25530")
                .matchedOptionValue("--port", -1), "--cluster-port is another name of the orchestrator's --port");
        assertEquals(25531, (int) new CommandLine(new WorkerCommand()).parseArgs("--join", "127.0.0.1:25520", "--cluster-port", "25531")
                .matchedOptionValue("--port", -1), "--cluster-port is another name of the worker's --port");
    }

    @Command(name = "probe")
    static final class DataDirProbe {
        @Mixin
        DataDirOption dataDir = new DataDirOption();
    }

    @Test
    void the_data_dir_is_the_option_else_tlab_data_dir_else_tlab_data() {
        DataDirProbe given = new DataDirProbe();
        new CommandLine(given).parseArgs("--data-dir", "/srv/lab");
        assertEquals(Optional.of(Path.of("/srv/lab")), given.dataDir.given());
        assertEquals(Path.of("/srv/lab"), given.dataDir.path());
        DataDirProbe absent = new DataDirProbe();
        new CommandLine(absent).parseArgs();
        assertEquals(Optional.empty(), absent.dataDir.given(), "the orchestrator then leaves transferlab.data-dir to its config");
        String fromEnv = System.getenv("TLAB_DATA_DIR");
        assertEquals(Path.of(fromEnv == null || fromEnv.isBlank() ? "./tlab-data" : fromEnv), absent.dataDir.path());
    }

    @ParameterizedTest(name = "tlab {0} --data-dir DIR")
    @MethodSource("commandsThatRunOrReadALab")
    void the_commands_that_run_or_read_a_lab_take_the_one_data_dir_option(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--data-dir", "/srv/lab"));
        CommandLine.ParseResult parsed = new CommandLine(new Tlab()).parseArgs(args.toArray(String[]::new));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        assertEquals(Path.of("/srv/lab"), parsed.matchedOptionValue("--data-dir", (Path) null));
        assertTrue(parsed.commandSpec().findOption("--data-dir").description()[0].contains("api-token"));
    }

    static Stream<List<String>> commandsThatRunOrReadALab() {
        return Stream.of(List.of("standalone"), List.of("orchestrator"), List.of("ls"), List.of("show", "e1"),
                List.of("tokens", "list"), List.of("cancel", "e1"));
    }

    @Test
    void two_standalone_labs_on_cluster_port_zero_run_side_by_side(@TempDir Path first, @TempDir Path second) throws Exception {
        try (StandaloneCommand.Lab a = StandaloneCommand.Lab.start(first, 1, 0, 0, 0, false, false);
                StandaloneCommand.Lab b = StandaloneCommand.Lab.start(second, 1, 0, 0, 0, false, false)) {
            int portA = (Integer) a.system().address().port().get();
            int portB = (Integer) b.system().address().port().get();
            assertTrue(portA > 0 && portB > 0, portA + " " + portB);
            assertNotEquals(portA, portB);
            HttpClient http = HttpClient.newHttpClient();
            for (StandaloneCommand.Lab lab : List.of(a, b)) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(lab.orchestrator().url() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
            }
        }
    }
}
