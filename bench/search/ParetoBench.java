import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;
import org.transferlab.protocol.view.Pareto;

/**
 * The multi-objective benchmark, our side: TransferLab's multi-objective TPE and random search on
 * ZDT1 (Zitzler, Deb and Thiele 2000; both objectives minimised, x_i ∈ [0, 1]) with N variables,
 * sequential trials, in memory, through the same SearchStrategy the orchestrator builds from a spec
 * with two objectives. Prints per (algorithm, seed) every evaluated point and the hypervolume of
 * those points at each reference point (computed by Pareto.hypervolume; the summary recomputes
 * it independently in Python for every side).
 *
 * Usage: java -cp orchestrator/target/classes:protocol/target/classes bench/search/ParetoBench.java TRIALS VARIABLES SEED...
 */
public class ParetoBench {

    static final double[][] REFERENCES = {{1.1, 1.1}, {1.1, 11.0}};

    static double[] zdt1(double[] x) {
        double sum = 0;
        for (int i = 1; i < x.length; i++) {
            sum += x[i];
        }
        double g = 1 + 9 * sum / (x.length - 1);
        return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
    }

    static List<double[]> study(String algorithm, int trials, int variables, long seed) {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        for (int i = 0; i < variables; i++) {
            space.put("x" + i, new ParamSpec("uniform", 0.0, 1.0, null, null));
        }
        ObjectiveSpec objectives = new ObjectiveSpec(null, null, List.of(new ObjectiveSpec.Goal("f1", "min"), new ObjectiveSpec.Goal("f2", "min")));
        SearchStrategy s = SearchStrategy.create(new SearchSpec(algorithm, trials, 1, 1, space), objectives, seed);
        List<double[]> seen = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> p = s.next().orElseThrow();
            double[] x = new double[variables];
            for (int i = 0; i < variables; i++) {
                x[i] = (double) p.get("x" + i);
            }
            double[] f = zdt1(x);
            s.observeObjectives(p, List.of(f[0], f[1]));
            seen.add(f);
        }
        return seen;
    }

    public static void main(String[] args) {
        int trials = Integer.parseInt(args[0]);
        int variables = Integer.parseInt(args[1]);
        for (int a = 2; a < args.length; a++) {
            long seed = Long.parseLong(args[a]);
            for (String algorithm : new String[] {"random", "tpe"}) {
                long t0 = System.nanoTime();
                List<double[]> seen = study(algorithm, trials, variables, seed);
                double seconds = (System.nanoTime() - t0) / 1e9;
                StringBuilder points = new StringBuilder("[");
                for (double[] f : seen) {
                    points.append(points.length() > 1 ? "," : "").append(String.format("[%.10g,%.10g]", f[0], f[1]));
                }
                points.append("]");
                StringBuilder hv = new StringBuilder("[");
                for (double[] ref : REFERENCES) {
                    hv.append(hv.length() > 1 ? "," : "").append(String.format("%.10g", Pareto.hypervolume(seen.toArray(double[][]::new), ref)));
                }
                hv.append("]");
                System.out.printf("{\"impl\":\"transferlab\",\"algorithm\":\"%s\",\"seed\":%d,\"seconds\":%.3f,\"hypervolume\":%s,\"points\":%s}%n",
                        algorithm, seed, seconds, hv, points);
            }
        }
    }
}
