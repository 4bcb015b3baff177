package io.pipekeeper.access;

import java.util.LinkedHashMap;
import java.util.Map;

/** An audit entry as JSON, the same for {@code pipekeeper audit --json} and {@code GET /api/audit}. */
public final class AuditJson {
    private AuditJson() {
    }

    public static Map<String, Object> of(AuditLog.Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", entry.at().toString());
        json.put("actor", entry.actor());
        json.put("action", entry.action());
        json.put("target", entry.target());
        json.put("address", entry.address());
        json.put("outcome", entry.outcome());
        json.put("detail", entry.detail().orElse(null));
        return json;
    }
}
