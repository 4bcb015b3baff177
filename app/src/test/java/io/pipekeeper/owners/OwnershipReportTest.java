package io.pipekeeper.owners;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import org.junit.jupiter.api.Test;

class OwnershipReportTest {
    private static final String SEED = SeedText.text();

    @Test
    void load_is_twice_the_primaries_plus_the_secondaries() {
        OwnershipReport report = OwnershipReport.of(SeedText.load(SEED));
        assertThat(report.people()).containsExactly(
                new OwnershipReport.PersonLoad("john", 2, 1, 5),
                new OwnershipReport.PersonLoad("emily", 1, 2, 4),
                new OwnershipReport.PersonLoad("michael", 1, 1, 3),
                new OwnershipReport.PersonLoad("david", 1, 1, 3));
        assertThat(report.warnings()).as("5 is not more than 50% above the mean of 3.75").isEmpty();
        assertThat(report.primaryOf("john")).containsExactly("unit_profit", "aggregate_engagement");
    }

    @Test
    void someone_far_above_the_mean_and_someone_owning_nothing_are_warned_about() {
        String text = SEED;
        // John takes everything Michael and David had: michael and david own nothing.
        text = SeedText.replace(text, "      primary: michael\n      secondary: david", "      primary: john\n      secondary: emily");
        text = SeedText.replace(text, "      primary: david\n      secondary: michael", "      primary: john\n      secondary: emily");
        text = text.replace("        michael: understands", "        john: understands")
                .replace("        david: has experience with data analysis and metrics reporting", "        emily: has experience")
                .replace("        david: has a strong background", "        john: has a strong background")
                .replace("        michael: supports growth", "        emily: supports growth");
        Catalog catalog = SeedText.load(text);

        OwnershipReport report = OwnershipReport.of(catalog);

        assertThat(report.people()).extracting(OwnershipReport.PersonLoad::load).containsExactly(9, 6, 0, 0);
        assertThat(report.warnings()).containsExactly(
                "john carries a load of 9, more than 50% above the team mean of 3.75; hand a pipeline to someone"
                        + " lighter (see 'pipekeeper owners suggest')",
                "emily carries a load of 6, more than 50% above the team mean of 3.75; hand a pipeline to someone"
                        + " lighter (see 'pipekeeper owners suggest')",
                "michael owns no pipeline: nobody else learns from them, and they learn no pipeline",
                "david owns no pipeline: nobody else learns from them, and they learn no pipeline");
    }
}
