package io.pipekeeper.owners;

import static org.assertj.core.api.Assertions.assertThat;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.exhaustivesearch.ExhaustiveSearchPhaseConfig;
import ai.timefold.solver.core.config.exhaustivesearch.ExhaustiveSearchType;
import ai.timefold.solver.core.config.solver.SolverConfig;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OwnershipPlannerTest {
    private static final OwnershipPlanner PLANNER = new OwnershipPlanner();
    /** Timefold's brute force: tries every assignment, so its best score is the optimum. */
    private static final SolverFactory<OwnershipProblem> BRUTE_FORCE = SolverFactory.create(new SolverConfig()
            .withSolutionClass(OwnershipProblem.class)
            .withEntityClasses(Ownership.class)
            .withConstraintProviderClass(OwnershipConstraints.class)
            .withPhases(new ExhaustiveSearchPhaseConfig().withExhaustiveSearchType(ExhaustiveSearchType.BRUTE_FORCE)));
    private static final List<String> SKILLS = List.of("sql", "finance", "growth", "spark", "reporting", "experiments");

    @Test
    void the_seed_gets_owners_who_have_their_pipelines_needs() {
        Catalog seed = SeedText.load(SeedText.text());
        OwnershipPlanner.Suggestion suggestion = PLANNER.suggest(seed);

        assertThat(suggestion.picks()).extracting(OwnershipPlanner.Pick::pipeline)
                .containsExactlyElementsOf(seed.pipelines().keySet());
        assertThat(suggestion.picks()).allSatisfy(pick -> assertThat(pick.primary()).isNotEqualTo(pick.secondary()));
        // Where one person alone has every need, they are the primary, as the seed's author chose.
        assertThat(primaryOf(suggestion, "unit_profit")).isEqualTo("john");
        assertThat(primaryOf(suggestion, "aggregate_growth")).isEqualTo("michael");
        assertThat(primaryOf(suggestion, "daily_growth")).isEqualTo("david");
        assertThat(suggestion.score()).startsWith("0hard/");
        assertThat(suggestion.report().people()).extracting(OwnershipReport.PersonLoad::load)
                .allSatisfy(load -> assertThat(load).isBetween(3, 4));
    }

    @Test
    void the_same_catalog_always_gives_the_same_proposal() {
        Catalog seed = SeedText.load(SeedText.text());
        assertThat(new OwnershipPlanner().suggest(seed)).isEqualTo(new OwnershipPlanner().suggest(seed));
    }

    private static String primaryOf(OwnershipPlanner.Suggestion suggestion, String pipeline) {
        return suggestion.picks().stream().filter(p -> p.pipeline().equals(pipeline)).findFirst().orElseThrow().primary();
    }

    /** On teams small enough to try every assignment, the solver finds one of the best. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void the_solver_matches_an_exhaustive_search_on_small_teams(long seed) {
        HardSoftLongScore solved = PLANNER.solve(randomProblem(seed)).getScore();
        HardSoftLongScore best = BRUTE_FORCE.buildSolver().solve(randomProblem(seed)).getScore();

        assertThat(solved.hardScore()).isZero();
        assertThat(solved).isEqualTo(best);
    }

    /** A team of 3 or 4 people with 2 or 3 pipelines, the same for the same seed. */
    private static OwnershipProblem randomProblem(long seed) {
        Random random = new Random(seed);
        int peopleCount = 3 + random.nextInt(2);
        int pipelineCount = 2 + random.nextInt(2);
        List<Candidate> people = new ArrayList<>();
        for (int i = 0; i < peopleCount; i++) {
            people.add(new Candidate("p" + i, randomSkills(random, 2 + random.nextInt(3))));
        }
        List<Ownership> ownerships = new ArrayList<>();
        for (int i = 0; i < pipelineCount; i++) {
            String current = "p" + random.nextInt(peopleCount);
            String currentSecondary = "p" + ((Integer.parseInt(current.substring(1)) + 1) % peopleCount);
            ownerships.add(new Ownership("pipeline" + i, List.copyOf(randomSkills(random, 2 + random.nextInt(2))),
                    current, currentSecondary));
        }
        return new OwnershipProblem(people, ownerships);
    }

    private static Set<String> randomSkills(Random random, int count) {
        Set<String> skills = new HashSet<>();
        while (skills.size() < count) {
            skills.add(SKILLS.get(random.nextInt(SKILLS.size())));
        }
        return skills;
    }

}
