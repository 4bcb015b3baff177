package io.pipekeeper.incident;

import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The lineage OpenLineage events report: a pipeline's run that writes a dataset becomes its producer; a run of
 * another pipeline that reads it adds the edge producer → reader, as does a read of a dataset named like a source
 * ({@code raw.orders} or {@code orders} for source {@code orders}). The one writer of {@code lineage_datasets} and
 * {@code lineage_edges}.
 */
public final class ReportedLineage {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Jdbi jdbi;

    public ReportedLineage(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Records what one run of {@code pipeline} read and wrote (datasets as {@code namespace/name}); {@code sources} are
     * the configuration's source ids. Returns the edges it added.
     */
    public int report(String pipeline, List<String> inputs, List<String> outputs, Set<String> sources, Instant now) {
        int added = 0;
        for (String output : outputs) {
            upsert("UPDATE lineage_datasets SET producer = :producer, seen_at = :now WHERE dataset = :dataset",
                    "INSERT INTO lineage_datasets (dataset, producer, seen_at) VALUES (:dataset, :producer, :now)",
                    Map.of("dataset", output, "producer", pipeline), now);
        }
        for (String input : inputs) {
            String name = input.substring(input.lastIndexOf('/') + 1);
            String last = name.substring(name.lastIndexOf('.') + 1);
            String upstream = sources.contains(name) ? name : sources.contains(last) ? last
                    : jdbi.withHandle(handle -> handle.createQuery("SELECT producer FROM lineage_datasets WHERE dataset = :dataset")
                    .bind("dataset", input).mapTo(String.class).findFirst().orElse(null));
            if (upstream != null && !upstream.equals(pipeline)) {
                added += upsert("UPDATE lineage_edges SET dataset = :dataset, seen_at = :now WHERE upstream = :upstream AND downstream = :downstream",
                        "INSERT INTO lineage_edges (upstream, downstream, dataset, seen_at) VALUES (:upstream, :downstream, :dataset, :now)",
                        Map.of("upstream", upstream, "downstream", pipeline, "dataset", input), now) ? 1 : 0;
            }
        }
        return added;
    }

    /** Every reported edge, by upstream: the subjects each one's problems can reach directly. */
    public Map<String, Set<String>> edges() {
        Map<String, Set<String>> edges = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery("SELECT upstream, downstream FROM lineage_edges")
                .map((rs, ctx) -> Map.entry(rs.getString("upstream"), rs.getString("downstream")))
                .forEach(edge -> edges.computeIfAbsent(edge.getKey(), k -> new HashSet<>()).add(edge.getValue())));
        return edges;
    }

    /** Updates the row, or inserts it when there is none; true when it inserted. A concurrent insert of the same row wins quietly. */
    private boolean upsert(String update, String insert, Map<String, String> values, Instant now) {
        try {
            return jdbi.inTransaction(handle -> {
                if (bind(handle, update, values, now) == 0) {
                    bind(handle, insert, values, now);
                    return true;
                }
                return false;
            });
        } catch (JdbiException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static int bind(Handle handle, String sql, Map<String, String> values, Instant now) {
        var statement = handle.createUpdate(sql).bind("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        values.forEach(statement::bind);
        return statement.execute();
    }
}
