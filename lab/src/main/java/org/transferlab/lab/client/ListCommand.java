package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.util.List;
import org.transferlab.protocol.view.ExperimentView;
import picocli.CommandLine.Command;

/** {@code tlab ls}. */
@Command(name = "ls", description = "List experiments, newest first.")
public final class ListCommand extends ApiCommand {

    @Override
    public Integer call() {
        PrintWriter out = out();
        List<ExperimentView> experiments = client().experiments();
        TextTable table = new TextTable("ID", "NAME", "KIND", "STATUS", "TRIALS", "BEST", "CREATED");
        for (ExperimentView e : experiments) {
            table.row(e.id(), e.name(), e.kind(), e.statusText(), e.trialsDone() + "/" + e.trialsTotal(),
                    e.bestValue() == null ? "-" : TextTable.num(e.bestValue()) + " " + e.objectiveMetric(),
                    e.createdAt() == null ? "-" : e.createdAt().toString().substring(0, 19).replace('T', ' '));
        }
        out.print(table.render());
        if (experiments.isEmpty()) {
            out.println("(no experiments yet: tlab submit examples/mnist-finetune.yaml --follow)");
        }
        return 0;
    }
}
