package io.pipekeeper.incident;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The escalation timers as rows of db-scheduler's {@code scheduled_tasks}: the only SQL on that table. A timer
 * is the task {@value #TASK} with the instance {@code incidentId:step}; it is written, moved and deleted inside
 * the caller's transaction, so that a timer stands or falls with the incident change that decided it.
 * db-scheduler itself picks and runs them.
 */
public final class EscalationTimers {
    /** The db-scheduler task whose instances ({@code incidentId:step}) are the escalation timers. */
    public static final String TASK = "escalate";
    /** The db-scheduler task whose instances (the incident's id) end snoozes. */
    public static final String WAKE = "wake";

    private EscalationTimers() {
    }

    /** One waiting timer: the step (counted from 0) of one incident, due at {@code at}. */
    public record Timer(long incidentId, int step, Instant at) {
    }

    static void add(Handle handle, long incidentId, int step, Instant at) {
        handle.createUpdate("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                        VALUES (:task, :instance, :at, FALSE, 1)
                        """)
                .bind("task", TASK).bind("instance", instance(incidentId, step)).bind("at", utc(at)).execute();
    }

    /** The timer that ends a snooze of the incident at {@code at}, replacing any earlier one not yet picked. */
    static void addWake(Handle handle, long incidentId, Instant at) {
        handle.createUpdate("DELETE FROM scheduled_tasks WHERE task_name = :task AND task_instance = :instance AND picked = FALSE")
                .bind("task", WAKE).bind("instance", String.valueOf(incidentId)).execute();
        handle.createUpdate("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                        VALUES (:task, :instance, :at, FALSE, 1)
                        """)
                .bind("task", WAKE).bind("instance", String.valueOf(incidentId)).bind("at", utc(at)).execute();
    }

    /** Moves a timer not yet picked; returns whether there was one to move. */
    static boolean move(Handle handle, long incidentId, int step, Instant at) {
        return handle.createUpdate("""
                        UPDATE scheduled_tasks SET execution_time = :at
                        WHERE task_name = :task AND task_instance = :instance AND picked = FALSE
                        """)
                .bind("at", utc(at)).bind("task", TASK).bind("instance", instance(incidentId, step)).execute() == 1;
    }

    /** Deletes one timer not yet picked; returns whether there was one. */
    static boolean remove(Handle handle, long incidentId, int step) {
        return handle.createUpdate("DELETE FROM scheduled_tasks WHERE task_name = :task AND task_instance = :instance AND picked = FALSE")
                .bind("task", TASK).bind("instance", instance(incidentId, step)).execute() == 1;
    }

    /** Deletes an incident's timers not yet picked, its snooze's too; returns how many steps' timers went. */
    static int cancel(Handle handle, long incidentId) {
        handle.createUpdate("DELETE FROM scheduled_tasks WHERE task_name = :task AND task_instance = :instance AND picked = FALSE")
                .bind("task", WAKE).bind("instance", String.valueOf(incidentId)).execute();
        return handle.createUpdate("DELETE FROM scheduled_tasks WHERE task_name = :task AND task_instance LIKE :prefix AND picked = FALSE")
                .bind("task", TASK).bind("prefix", incidentId + ":%").execute();
    }

    /** Every waiting timer, soonest first. */
    public static List<Timer> waiting(Jdbi jdbi) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT task_instance, execution_time FROM scheduled_tasks WHERE task_name = :task ORDER BY execution_time, task_instance")
                .bind("task", TASK)
                .map((rs, ctx) -> {
                    String[] instance = rs.getString(1).split(":");
                    return new Timer(Long.parseLong(instance[0]), Integer.parseInt(instance[1]),
                            rs.getObject(2, OffsetDateTime.class).toInstant());
                })
                .list());
    }

    /** The incident and step a timer's instance id names. */
    static Timer parse(String instance, Instant at) {
        String[] parts = instance.split(":");
        return new Timer(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), at);
    }

    static String instance(long incidentId, int step) {
        return incidentId + ":" + step;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
