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
 * method against its automatic baseline with paired differences and 95 % intervals, for a
 * multi-objective sweep its Pareto front, the transferability stage's ranking of frozen depths when
 * the spec has one, a population-based training sweep's lineage (each trial's hyperparameters over
 * time and whose weights it took), and the trial table. A distillation experiment also says what its students
 * learn from ({@code distill.method}).
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
        boolean multi = e.spec() != null && e.spec().objective().multi();
        out.println("objective: " + e.objectiveMode() + " " + e.objectiveMetric()
                + (multi ? " (first of " + e.spec().objective().goals().size() + ")" : "")
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
        if (multi) {
            out.println();
            out.print(ParetoTable.render(client.pareto(id)));
        }
        if (e.spec() != null && e.spec().withDefaults().transferability().enabled()) {
            out.println();
            out.print(TransferabilityTable.render(client.transferability(id)));
        }
        if (e.spec() != null && e.spec().withDefaults().scheduler().pbt()) {
            out.println();
            out.print(LineageTable.render(client.lineage(id)));
        }
        out.println();
        out.print(TrialTable.render(trials, e));
        return 0;
    }
}
