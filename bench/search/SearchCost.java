import java.util.LinkedHashMap;
import java.util.Map;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;

/**
 * Benchmark (c), our side: cost per suggestion and best value of TransferLab's random and TPE
 * searchers on Branin (minimise, x ∈ [-5, 10], y ∈ [0, 15]), sequential trials, in memory.
 * A trial's cost is the time of next() plus observe(); the objective itself is not timed.
 *
 * Usage: java -cp orchestrator/target/classes:protocol/target/classes bench/search/SearchCost.java TRIALS SEED...
 * Prints one line per (algorithm, seed): {"impl":"transferlab","algorithm":..,"seed":..,"ms_per_trial":..,"best":..}
 */
public class SearchCost {

    static double branin(Map<String, Object> p) {
        double x = (double) p.get("x");
        double y = (double) p.get("y");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - t) * Math.cos(x) + 10;
    }

    /** Runs one study; returns {nanoseconds spent in the searcher, best value}. */
    static double[] study(String algorithm, int trials, long seed) {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("x", new ParamSpec("uniform", -5.0, 10.0, null, null));
        space.put("y", new ParamSpec("uniform", 0.0, 15.0, null, null));
        SearchStrategy s = SearchStrategy.create(new SearchSpec(algorithm, trials, 1, 1, space), new ObjectiveSpec("f", "min"), seed);
        long spent = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < trials; i++) {
            long t0 = System.nanoTime();
            Map<String, Object> p = s.next().orElseThrow();
            spent += System.nanoTime() - t0;
            double v = branin(p);
            long t1 = System.nanoTime();
            s.observe(p, v);
            spent += System.nanoTime() - t1;
            best = Math.min(best, v);
        }
        return new double[] {spent, best};
    }

    public static void main(String[] args) {
        int trials = Integer.parseInt(args[0]);
        // warm-up: the JIT compiles the searchers before anything is timed
        study("random", trials, 12345);
        study("tpe", trials, 12345);
        for (int i = 1; i < args.length; i++) {
            long seed = Long.parseLong(args[i]);
            for (String algorithm : new String[] {"random", "tpe"}) {
                double[] r = study(algorithm, trials, seed);
                System.out.printf("{\"impl\":\"transferlab\",\"algorithm\":\"%s\",\"seed\":%d,\"ms_per_trial\":%.5f,\"best\":%.6f}%n",
                        algorithm, seed, r[0] / 1e6 / trials, r[1]);
            }
        }
    }
}
