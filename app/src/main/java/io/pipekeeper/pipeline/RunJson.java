package io.pipekeeper.pipeline;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A run as JSON, the same for {@code pipekeeper runs --json} and the server's API. */
public final class RunJson {
    private RunJson() {
    }

    public static Map<String, Object> of(Run run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("pipeline", run.pipeline());
        json.put("date", run.date().toString());
        json.put("status", run.status().text());
        json.put("engine", run.engine());
        json.put("attempts", run.attempts());
        json.put("started_at", run.startedAt().toString());
        json.put("finished_at", run.finishedAt().map(Instant::toString).orElse(null));
        json.put("wall_ms", run.wallMillis());
        json.put("rows_in", run.rowsIn());
        json.put("rows_out", run.rowsOut());
        json.put("cpu_ms", run.cpuMillis());
        json.put("peak_memory_bytes", run.peakMemoryBytes());
        json.put("bytes_written", run.bytesWritten());
        json.put("output", run.output().orElse(null));
        json.put("error", run.error().orElse(null));
        return json;
    }
}
