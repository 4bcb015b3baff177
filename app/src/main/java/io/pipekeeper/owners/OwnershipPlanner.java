package io.pipekeeper.owners;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.EnvironmentMode;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationCompositionStyle;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Person;
import io.pipekeeper.config.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Proposes a primary and a secondary owner for every pipeline by the seed's factors (see
 * {@link OwnershipConstraints}). Deterministic: the same catalog always gives the same proposal, because the
 * search runs single-threaded with a fixed seed and stops after a number of steps without improvement or of
 * moves tried, never after a time (a 30-second guard exists only for huge teams).
 */
public final class OwnershipPlanner {
    private static final int UNIMPROVED_STEPS = 400;
    /** On tiny teams a step may never be taken (no move is accepted), so moves are counted too. */
    private static final long MOVES = 200_000;

    private final SolverFactory<OwnershipProblem> solverFactory = SolverFactory.create(solverConfig());
    private final SolutionManager<OwnershipProblem, HardSoftLongScore> scorer = SolutionManager.create(solverFactory);

    private static SolverConfig solverConfig() {
        return new SolverConfig()
                .withSolutionClass(OwnershipProblem.class)
                .withEntityClasses(Ownership.class)
                .withConstraintProviderClass(OwnershipConstraints.class)
                .withEnvironmentMode(EnvironmentMode.NO_ASSERT)
                .withRandomSeed(0L)
                .withTerminationConfig(new TerminationConfig()
                        .withTerminationCompositionStyle(TerminationCompositionStyle.OR)
                        .withUnimprovedStepCountLimit(UNIMPROVED_STEPS)
                        .withMoveCountLimit(MOVES)
                        .withSpentLimit(Duration.ofSeconds(30)));
    }

    /** One pipeline's proposed owners and, in one sentence, why. */
    public record Pick(String pipeline, String primary, String secondary, String reason) {
    }

    /** The proposal: a pick per pipeline, and the load table it would give. */
    public record Suggestion(List<Pick> picks, OwnershipReport report, String score) {
        public Suggestion {
            picks = List.copyOf(picks);
        }
    }

    public Suggestion suggest(Catalog catalog) {
        OwnershipProblem solved = solve(problemOf(catalog));
        List<Pick> picks = new ArrayList<>();
        List<OwnershipReport.PipelineOwners> rows = new ArrayList<>();
        for (Ownership ownership : solved.getOwnerships()) {
            Pipeline pipeline = catalog.pipeline(ownership.getPipeline());
            String primary = ownership.getPrimary().id();
            String secondary = ownership.getSecondary().id();
            picks.add(new Pick(pipeline.id(), primary, secondary, Reasons.of(pipeline, ownership)));
            rows.add(new OwnershipReport.PipelineOwners(pipeline.id(), pipeline.area(), pipeline.audience(), primary, secondary));
        }
        return new Suggestion(picks, OwnershipReport.of(catalog.people(), rows), solved.getScore().toString());
    }

    OwnershipProblem solve(OwnershipProblem problem) {
        Solver<OwnershipProblem> solver = solverFactory.buildSolver();
        return solver.solve(problem);
    }

    static OwnershipProblem problemOf(Catalog catalog) {
        List<Candidate> people = new ArrayList<>();
        for (Person person : catalog.people()) {
            people.add(new Candidate(person.id(), new HashSet<>(person.skills())));
        }
        List<Ownership> ownerships = new ArrayList<>();
        for (Pipeline pipeline : catalog.pipelines().values()) {
            ownerships.add(new Ownership(pipeline.id(), pipeline.needs(), pipeline.owners().primary(),
                    pipeline.owners().secondary()));
        }
        return new OwnershipProblem(people, ownerships);
    }

    /** The score of one solution, for comparing the solver's answer with an exhaustive search in tests. */
    HardSoftLongScore score(OwnershipProblem problem) {
        return scorer.update(problem);
    }
}
