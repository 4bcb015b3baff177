package io.pipekeeper.pipeline;

import io.pipekeeper.engine.Engines;
import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.StoreLocation;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The process {@link KillDuringPublishTest} kills: it runs unit_profit for one date again and again, switching
 * between two configurations whose SQL gives two different results, and says {@code published} after each.
 */
public final class PublishLoop {
    private PublishLoop() {
    }

    public static void main(String[] args) {
        Catalog a = new ConfigLoader().load(Path.of(args[0]), args[0]);
        Catalog b = new ConfigLoader().load(Path.of(args[1]), args[1]);
        LocalDate date = LocalDate.parse(args[3]);
        try (Store store = Store.open(new StoreLocation(args[2], Optional.empty(), Optional.empty()))) {
            RunStore runs = new RunStore(store.jdbi());
            for (int i = 0; ; i++) {
                Catalog catalog = i % 2 == 0 ? a : b;
                Run run = new PipelineRunner(catalog, runs, Engines.duckDbOnly(), d -> { }, Instant::now)
                        .run(List.of("unit_profit"), date).get(0);
                System.out.println(run.status() == Run.Status.SUCCEEDED ? "published" : "failed " + run.error().orElse(""));
                System.out.flush();
            }
        }
    }
}
