package io.pipekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputContractTest {
    private static final String SEED = SeedText.text();

    @Test
    void ranges_accept_what_they_say() {
        assertThat(OutputContract.satisfies("1.2.3", "^1")).isTrue();
        assertThat(OutputContract.satisfies("2.0.0", "^1")).isFalse();
        assertThat(OutputContract.satisfies("1.2.3", "^1.3")).isFalse();
        assertThat(OutputContract.satisfies("1.2.9", "~1.2")).isTrue();
        assertThat(OutputContract.satisfies("1.3.0", "~1.2")).isFalse();
        assertThat(OutputContract.satisfies("1.2.0", "1.2.0")).isTrue();
        assertThat(OutputContract.satisfies("1.2.1", "1.2")).isTrue();
    }

    @Test
    void the_seed_pins_unit_profit_1_x_and_its_contract_is_1_0_0() {
        Catalog catalog = SeedText.load(SEED);
        assertThat(catalog.pipeline("aggregate_profit").contractPins()).containsEntry("unit_profit", "^1");
        assertThat(catalog.pipeline("aggregate_profit").dependsOn()).containsExactly("unit_profit");
        assertThat(catalog.pipeline("unit_profit").output()).get().extracting(OutputContract::version).isEqualTo("1.0.0");
    }

    @Test
    void a_consumer_whose_pin_excludes_the_producers_version_is_a_contract_conflict_at_validate() {
        String text = SeedText.replace(SEED, "        version: 1.0.0", "        version: 2.0.0");
        assertThat(SeedText.problems(text)).singleElement().satisfies(problem -> {
            assertThat(problem.path()).hasToString("pipelines.aggregate_profit.depends_on[0].contract");
            assertThat(problem.message()).startsWith("contract conflict: aggregate_profit accepts unit_profit ^1, but unit_profit's"
                    + " output contract is 2.0.0");
        });
    }

    @Test
    void pinning_a_producer_without_a_contract_says_what_to_add() {
        String text = SeedText.replace(SEED, "depends_on: [daily_growth]", "depends_on: [{pipeline: daily_growth, contract: \"^1\"}]");
        assertThat(SeedText.problems(text)).singleElement().extracting(ConfigProblem::message).asString()
                .contains("daily_growth declares none; add output: {contract: {version, columns}} to daily_growth");
    }
}
