package org.transferlab.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Which packages of the orchestrator's main code depend on which, read from the compiled classes
 * by the JDK's own {@code jdeps}: the supervisor knows the experiments, never the other way round,
 * and no two packages depend on each other.
 */
class PackageCyclesTest {

    static final String ROOT = "org.transferlab.orchestrator";
    static final Pattern EDGE = Pattern.compile("^\\s+(org\\.transferlab\\.orchestrator\\.\\S+)\\s+->\\s+(org\\.transferlab\\.orchestrator\\.\\S+)");

    static Map<String, Set<String>> packageGraph() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes), "compiled main classes expected at " + classes.toAbsolutePath());
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none", classes.toString());
        assertEquals(0, rc, out.toString());
        Map<String, Set<String>> graph = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                String from = packageOf(m.group(1));
                String to = packageOf(m.group(2));
                if (!from.equals(to)) {
                    graph.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        return graph;
    }

    static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    /** Packages that reach each other (strongly connected, more than one package), by Tarjan's algorithm. */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        List<Set<String>> found = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        List<String> stack = new ArrayList<>();
        Set<String> onStack = new HashSet<>();
        Set<String> nodes = new TreeSet<>(graph.keySet());
        graph.values().forEach(nodes::addAll);
        for (String node : nodes) {
            if (!index.containsKey(node)) {
                visit(node, graph, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void visit(String v, Map<String, Set<String>> graph, Map<String, Integer> index, Map<String, Integer> low,
            List<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.add(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                visit(w, graph, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.removeLast();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void the_supervisor_depends_on_the_experiments_and_they_never_on_the_supervisor() {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.getOrDefault(ROOT + ".supervisor", Set.of()).contains(ROOT + ".experiment"), graph.toString());
        assertFalse(graph.getOrDefault(ROOT + ".experiment", Set.of()).contains(ROOT + ".supervisor"), graph.toString());
    }

    @Test
    void no_two_packages_depend_on_each_other() {
        assertEquals(List.of(), cycles(packageGraph()), packageGraph().toString());
    }

    @Test
    void a_cycle_is_found_when_two_packages_reach_each_other() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(graph));
    }
}
