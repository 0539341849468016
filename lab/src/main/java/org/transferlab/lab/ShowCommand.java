package org.transferlab.lab;

import java.io.PrintWriter;
import org.transferlab.dashboard.client.LabApiClient;
import org.transferlab.protocol.view.ExperimentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tlab show ID}. */
@Command(name = "show", description = "Show an experiment and its trials.")
final class ShowCommand extends ApiCommand {

    @Parameters(paramLabel = "ID")
    String id;



    @Override
    public Integer call() {
        PrintWriter out = out();
        LabApiClient client = client();
        ExperimentView e = client.experiment(id);
        out.println(e.id() + "  " + e.name() + "  [" + e.kind() + "]  " + e.statusText());
        out.println("objective: " + e.objectiveMode() + " " + e.objectiveMetric()
                + (e.bestValue() == null ? "" : "   best: " + TextTable.num(e.bestValue()) + " (" + e.bestTrialId() + ")"));
        out.println("trials: " + e.trialsDone() + "/" + e.trialsTotal() + " done"
                + (e.message() == null ? "" : "   " + e.message()));
        out.println();
        out.print(TrialTable.render(client.trials(id), e));
        return 0;
    }
}
