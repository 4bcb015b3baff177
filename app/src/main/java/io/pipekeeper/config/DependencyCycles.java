package io.pipekeeper.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the cycles in a dependency graph, each printed once as {@code a → b → a}. */
final class DependencyCycles {
    private DependencyCycles() {
    }

    /** Each cycle as the list of its nodes, starting and ending with the same one. */
    static List<List<String>> find(Map<String, List<String>> dependsOn) {
        List<List<String>> cycles = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String start : dependsOn.keySet()) {
            walk(start, dependsOn, new ArrayList<>(), done, reported, cycles);
        }
        return cycles;
    }

    private static void walk(String node, Map<String, List<String>> dependsOn, List<String> stack, Set<String> done,
                             Set<Set<String>> reported, List<List<String>> cycles) {
        int onStack = stack.indexOf(node);
        if (onStack >= 0) {
            List<String> cycle = new ArrayList<>(stack.subList(onStack, stack.size()));
            if (reported.add(new HashSet<>(cycle))) {
                cycle.add(node);
                cycles.add(cycle);
            }
            return;
        }
        if (done.contains(node)) {
            return;
        }
        stack.add(node);
        for (String upstream : dependsOn.getOrDefault(node, List.of())) {
            walk(upstream, dependsOn, stack, done, reported, cycles);
        }
        stack.remove(stack.size() - 1);
        done.add(node);
    }
}
