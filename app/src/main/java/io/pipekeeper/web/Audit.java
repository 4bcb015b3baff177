package io.pipekeeper.web;

import io.javalin.http.Context;
import io.pipekeeper.access.AuditLog;
import io.pipekeeper.signal.SignalStore;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** What the server writes to the audit log: the request's caller and address, with what was done or denied. */
final class Audit {
    /** The name the request's token or link gave, for the log (set before the access decision, so denials have it too). */
    static final String CALLER = "pipekeeper.audit.caller";

    private final AuditLog log;
    private final SignalStore signals;
    private final Supplier<Instant> clock;

    Audit(AuditLog log, SignalStore signals, Supplier<Instant> clock) {
        this.log = log;
        this.signals = signals;
        this.clock = clock;
    }

    void done(Context ctx, String action, String target, String detail) {
        log.record(entry(ctx, action, target, "done", detail));
    }

    /** The log's line for a change done, to be written by the caller inside its own transaction ({@link AuditLog#record(org.jdbi.v3.core.Handle, AuditLog.Entry)}). */
    AuditLog.Entry doneEntry(Context ctx, String action, String target, String detail) {
        return entry(ctx, action, target, "done", detail);
    }

    void denied(Context ctx, String why) {
        log.denied(entry(ctx, ctx.method().name(), ctx.path(), "denied", why), signals);
    }

    private AuditLog.Entry entry(Context ctx, String action, String target, String outcome, String detail) {
        String caller = ctx.attribute(CALLER);
        return new AuditLog.Entry(clock.get(), caller == null ? "anonymous" : caller, action, target, ctx.ip(), outcome,
                Optional.ofNullable(detail));
    }
}
