import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.orchestrator.search.TpeSearch;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;
import org.transferlab.protocol.view.Pareto;

/**
 * The multi-objective benchmark, our side: TransferLab's multi-objective TPE and random search on a
 * bi-objective test function with N variables x_i ∈ [0, 1], both objectives minimised: ZDT1 or ZDT2
 * (Zitzler, Deb and Thiele 2000) or DTLZ2 with two objectives (Deb, Thiele, Laumanns and Zitzler
 * 2002). Sequential trials, in memory, through the same SearchStrategy the orchestrator builds from a
 * spec with two objectives ({@code tpe}, {@code random}), plus {@code tpe-equal}: the same TPE with
 * its good points weighing equally (its behaviour before they were weighed by hypervolume
 * contribution), for an old-against-new comparison in the same run. Prints per (algorithm, seed)
 * every evaluated point and the hypervolume of those points at each reference point (computed by
 * Pareto.hypervolume; the summary recomputes it independently in Python for every side).
 *
 * Usage: java -cp orchestrator/target/classes:protocol/target/classes bench/search/ParetoBench.java FUNCTION TRIALS VARIABLES SEED...
 */
public class ParetoBench {

    /** The reference points per function: a tight one (only points near the front count) and one every point is inside. */
    static double[][] references(String function) {
        return function.equals("dtlz2") ? new double[][] {{1.1, 1.1}, {2.1, 2.1}} : new double[][] {{1.1, 1.1}, {1.1, 11.0}};
    }

    static double[] evaluate(String function, double[] x) {
        int n = x.length;
        switch (function) {
            case "zdt1", "zdt2" -> {
                double sum = 0;
                for (int i = 1; i < n; i++) {
                    sum += x[i];
                }
                double g = 1 + 9 * sum / (n - 1);
                double ratio = x[0] / g;
                return new double[] {x[0], g * (1 - (function.equals("zdt1") ? Math.sqrt(ratio) : ratio * ratio))};
            }
            case "dtlz2" -> {
                double g = 0;
                for (int i = 1; i < n; i++) {
                    g += (x[i] - 0.5) * (x[i] - 0.5);
                }
                return new double[] {(1 + g) * Math.cos(x[0] * Math.PI / 2), (1 + g) * Math.sin(x[0] * Math.PI / 2)};
            }
            default -> throw new IllegalArgumentException("unknown function " + function + " (zdt1, zdt2, dtlz2)");
        }
    }

    static List<double[]> study(String function, String algorithm, int trials, int variables, long seed) {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        for (int i = 0; i < variables; i++) {
            space.put("x" + i, new ParamSpec("uniform", 0.0, 1.0, null, null));
        }
        ObjectiveSpec objectives = new ObjectiveSpec(null, null, List.of(new ObjectiveSpec.Goal("f1", "min"), new ObjectiveSpec.Goal("f2", "min")));
        SearchStrategy s;
        if (algorithm.equals("tpe-equal")) {
            TpeSearch.Settings d = TpeSearch.Settings.defaults(trials);
            s = new TpeSearch(space, List.of(false, false), trials, 1, seed,
                    new TpeSearch.Settings(d.startupTrials(), d.gamma(), d.maxGood(), d.candidates(), d.constantLiar(), false));
        } else {
            s = SearchStrategy.create(new SearchSpec(algorithm, trials, 1, 1, space), objectives, seed);
        }
        List<double[]> seen = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> p = s.next().orElseThrow();
            double[] x = new double[variables];
            for (int i = 0; i < variables; i++) {
                x[i] = (double) p.get("x" + i);
            }
            double[] f = evaluate(function, x);
            s.observeObjectives(p, List.of(f[0], f[1]));
            seen.add(f);
        }
        return seen;
    }

    public static void main(String[] args) {
        String function = args[0];
        int trials = Integer.parseInt(args[1]);
        int variables = Integer.parseInt(args[2]);
        for (int a = 3; a < args.length; a++) {
            long seed = Long.parseLong(args[a]);
            for (String algorithm : new String[] {"random", "tpe", "tpe-equal"}) {
                long t0 = System.nanoTime();
                List<double[]> seen = study(function, algorithm, trials, variables, seed);
                double seconds = (System.nanoTime() - t0) / 1e9;
                StringBuilder points = new StringBuilder("[");
                for (double[] f : seen) {
                    points.append(points.length() > 1 ? "," : "").append(String.format("[%.10g,%.10g]", f[0], f[1]));
                }
                points.append("]");
                StringBuilder hv = new StringBuilder("[");
                for (double[] ref : references(function)) {
                    hv.append(hv.length() > 1 ? "," : "").append(String.format("%.10g", Pareto.hypervolume(seen.toArray(double[][]::new), ref)));
                }
                hv.append("]");
                System.out.printf("{\"impl\":\"transferlab\",\"function\":\"%s\",\"algorithm\":\"%s\",\"seed\":%d,\"seconds\":%.3f,\"hypervolume\":%s,\"points\":%s}%n",
                        function, algorithm, seed, seconds, hv, points);
            }
        }
    }
}
