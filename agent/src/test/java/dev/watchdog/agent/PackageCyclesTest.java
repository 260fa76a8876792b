package dev.watchdog.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Dependencies between the agent's packages point one way: the package graph of the compiled main
 * classes, as the JDK's {@code jdeps} reads it from their constant pools, has no cycle.
 */
class PackageCyclesTest {

    private static final String ROOT = "dev.watchdog.agent";

    /** Edges left out of the graph, each with why. None today: keep it that way. */
    private static final Set<String> ALLOWED = Set.of();

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    @Test
    void theAgentsPackagesFormNoCycle() throws Exception {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.containsKey(ROOT + ".instrument") && graph.containsKey(ROOT + ".status.http"),
                "jdeps saw too little: " + graph.keySet());
        List<String> cycle = cycle(graph);
        assertEquals(List.of(), cycle, "package cycle: " + String.join(" -> ", cycle));
    }

    /** The cycle finder itself: it finds a cycle of three and says it in order. */
    @Test
    void aCycleIsFoundAndPrinted() {
        Map<String, Set<String>> graph = new TreeMap<>();
        graph.put("a", Set.of("b"));
        graph.put("b", Set.of("c", "d"));
        graph.put("c", Set.of("a"));
        graph.put("d", Set.of());
        assertEquals(List.of("a", "b", "c", "a"), cycle(graph));
        graph.put("c", Set.of("d"));
        assertEquals(List.of(), cycle(graph));
    }

    /** package -> packages it uses, among the agent's own, from jdeps on the main classes. */
    private static Map<String, Set<String>> packageGraph() throws Exception {
        Path classes = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err),
                "-verbose:package", "-filter:none", "-e", Pattern.quote(ROOT) + "(\\..*)?", classes.toString());
        assertEquals(0, exit, err.toString());
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\\R")) {
            Matcher m = EDGE.matcher(line);
            if (!m.find() || !inAgent(m.group(1)) || !inAgent(m.group(2)) || m.group(1).equals(m.group(2))) {
                continue;
            }
            graph.computeIfAbsent(m.group(2), p -> new TreeSet<>());
            if (!ALLOWED.contains(m.group(1) + " -> " + m.group(2))) {
                graph.computeIfAbsent(m.group(1), p -> new TreeSet<>()).add(m.group(2));
            }
        }
        return graph;
    }

    private static boolean inAgent(String pkg) {
        return pkg.equals(ROOT) || pkg.startsWith(ROOT + ".");
    }

    /** The first cycle a depth-first walk meets, from its first package back to it; empty when none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> found = walk(start, graph, new ArrayDeque<>(), done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> walk(String pkg, Map<String, Set<String>> graph, Deque<String> path, Set<String> done) {
        if (path.contains(pkg)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (String p : (Iterable<String>) path::descendingIterator) {
                in |= p.equals(pkg);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(pkg);
            return cycle;
        }
        if (!done.add(pkg)) {
            return List.of();
        }
        path.push(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            List<String> found = walk(next, graph, path, done);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.pop();
        return List.of();
    }
}
