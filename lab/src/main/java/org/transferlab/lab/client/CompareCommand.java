package org.transferlab.lab.client;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.transferlab.client.LabApiClient;
import org.transferlab.client.compare.ComparedTrials;
import org.transferlab.protocol.view.ExperimentView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tlab compare ID... [--metric M] [--chart FILE.svg|png]}: trials of several experiments, best first. */
@Command(name = "compare", description = "Compare the trials of one or more experiments on a metric; optionally chart their curves.")
public final class CompareCommand extends ApiCommand {

    @Parameters(paramLabel = "ID", arity = "1..*", description = "experiment ids")
    List<String> ids;

    @Option(names = "--metric", description = "metric to rank by (default: the first experiment's objective)")
    String metric;

    @Option(names = "--chart", paramLabel = "FILE", description = "also write the metric's learning curves to FILE.svg or FILE.png")
    Path chart;

    @Option(names = "--top", description = "rows to print (default ${DEFAULT-VALUE})")
    int top = 20;



    @Override
    public Integer call() {
        PrintWriter out = out();
        LabApiClient client = client();
        ComparedTrials data = new ComparedTrials();
        ExperimentView first = null;
        for (String id : ids) {
            ExperimentView e = client.experiment(id);
            first = first == null ? e : first;
            data.add(e, client.trials(id), client.experimentMetrics(id));
        }
        String m = metric != null ? metric : first.objectiveMetric();
        if (!data.metricNames().contains(m)) {
            err().println("tlab: no trial has metric '" + m + "'; known: " + String.join(", ", data.metricNames()));
            return 1;
        }
        List<ComparedTrials.Row> ranked = data.ranked(m);
        TextTable table = new TextTable("EXPERIMENT", "TRIAL", "STAGE", "STATUS", m.toUpperCase(java.util.Locale.ROOT), "PARAMS");
        for (ComparedTrials.Row r : ranked.stream().limit(top).toList()) {
            Map<String, Object> params = r.trial().params() == null ? Map.of() : r.trial().params();
            table.row(r.experiment().name(), "#" + r.trial().number(), r.trial().stage().wire(), r.trial().status(), TextTable.num(data.value(r, m)),
                    params.entrySet().stream().map(e -> e.getKey() + "=" + TextTable.param(e.getValue()))
                            .collect(Collectors.joining(" ")));
        }
        out.print(table.render());
        out.println(ranked.size() + " of " + data.rows().size() + " trials have " + m + (ranked.size() > top ? "; best " + top + " shown" : ""));
        if (chart != null) {
            List<CurvePlot.Line> lines = data.rows().stream().map(r -> new CurvePlot.Line(data.legend(r), data.curve(r, m))).toList();
            new CurvePlot(m + " per epoch: " + String.join(", ", ids), "epoch", m, lines).write(chart);
            out.println("chart written to " + chart);
        }
        return 0;
    }
}
