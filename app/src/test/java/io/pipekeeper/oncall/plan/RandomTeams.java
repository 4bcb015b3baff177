package io.pipekeeper.oncall.plan;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/** Seeded random teams written as pipekeeper.yaml text, so that they pass through the real loader. */
public final class RandomTeams {
    private RandomTeams() {
    }

    /**
     * A team of {@code people}, a rotation of {@code weeks}-week shifts starting 2027-01-04, and up to
     * {@code maxTimeOffs} random stretches of time off each (1 to 10 days) in 2027.
     */
    public static Catalog team(long seed, int people, int weeks, int maxTimeOffs) {
        return team(seed, people, weeks, maxTimeOffs, List.of("DE-BY"));
    }

    /** The same, its people keeping the holidays of {@code calendars} in turn (p0 the first, p1 the second…), the first the team's. */
    public static Catalog team(long seed, int people, int weeks, int maxTimeOffs, List<String> calendars) {
        Random random = new Random(seed);
        StringBuilder yaml = new StringBuilder();
        yaml.append("version: 1\nteam:\n  name: Random\n  timezone: Europe/Berlin\n  holidays: ").append(calendars.get(0)).append("\n  people:\n");
        for (int i = 0; i < people; i++) {
            String calendar = calendars.get(i % calendars.size());
            yaml.append("    - {id: p").append(i).append(", name: P").append(i).append(", email: p").append(i).append("@example.com")
                    .append(calendar.equals(calendars.get(0)) ? "" : ", holidays: " + calendar).append("}\n");
        }
        yaml.append("severities:\n  critical: {respond: 1h, resolve: 4h}\n");
        yaml.append("oncall:\n  rotation:\n    start: 2027-01-04T09:00\n    length: ").append(weeks).append("w\n    shifts:\n");
        for (int i = 0; i < people; i++) {
            yaml.append("      - {primary: p").append(i).append(", secondary: p").append((i + 1) % people).append("}\n");
        }
        yaml.append("  time_off:\n");
        boolean any = false;
        for (int i = 0; i < people; i++) {
            int count = maxTimeOffs == 0 ? 0 : random.nextInt(maxTimeOffs + 1);
            for (int k = 0; k < count; k++) {
                LocalDate from = LocalDate.of(2027, 1, 1).plusDays(random.nextInt(360));
                LocalDate to = from.plusDays(random.nextInt(10));
                yaml.append("    - {person: p").append(i).append(", from: ").append(from).append(", to: ").append(to).append("}\n");
                any = true;
            }
        }
        if (!any) {
            yaml.append("    []\n");
        }
        yaml.append("pipelines:\n  x:\n    area: a\n    name: X\n    audience: internal\n    purpose: A pipeline.\n")
                .append("    owners: {primary: p0, secondary: p1}\n    schedule: {cron: \"0 5 * * *\"}\n")
                .append("    sql: pipelines/unit_profit.sql\n");
        // Parsed as if beside the seed's file, so that the SQL it names exists.
        return new ConfigLoader().parse(SeedText.seedFile(), "random.yaml", yaml.toString());
    }
}
