package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.util.List;
import org.transferlab.client.LabApiClient;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.Standing;
import org.transferlab.protocol.view.TrialView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tlab show ID}: the experiment, its best trial (a method trial or a baseline, named), the
 * method against its automatic baseline with paired differences and 95 % intervals, and the trial table.
 * A distillation experiment also says what its students learn from ({@code distill.method}).
 */
@Command(name = "show", description = "Show an experiment and its trials.")
public final class ShowCommand extends ApiCommand {

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = out();
        LabApiClient client = client();
        ExperimentView e = client.experiment(id);
        out.println(e.id() + "  " + e.name() + "  [" + e.kind() + "]  " + e.statusText());
        List<TrialView> trials = client.trials(id);
        out.println("objective: " + e.objectiveMode() + " " + e.objectiveMetric()
                + "   " + Standing.of(trials, e.objectiveMode()).summary());
        out.println("trials: " + e.trialsDone() + "/" + e.trialsTotal() + " done"
                + (e.message() == null ? "" : "   " + e.message()));
        if ("distillation".equals(e.kind()) && e.spec() != null && e.spec().distill() != null) {
            out.println("students learn by: " + e.spec().distill().methodText());
        }
        Comparison comparison = client.comparison(id);
        if (comparison.hasBaseline()) {
            comparison.report().forEach(out::println);
        }
        out.println();
        out.print(TrialTable.render(trials, e));
        return 0;
    }
}
