package io.pipekeeper.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The on-call changes made at run time, with their authors: overrides, swaps, time off and a saved plan. */
public final class OnCallStore {
    private final Jdbi jdbi;

    public OnCallStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** An override as stored; a swap is two overrides sharing a {@code swapId}. */
    public record StoredOverride(long id, Role role, String person, Instant start, Instant end, String reason,
                                 String author, Instant createdAt, Optional<Long> swapId) {
    }

    /** Time off as stored: whole local days, both inclusive. */
    public record StoredTimeOff(long id, String person, LocalDate firstDay, LocalDate lastDay, String reason,
                                String author, Instant createdAt) {
    }

    /** Everything stored, read in one go. */
    public record Changes(List<StoredOverride> overrides, List<StoredTimeOff> timeOff, List<Shift> plan) {
        public static final Changes NONE = new Changes(List.of(), List.of(), List.of());

        public Changes {
            overrides = List.copyOf(overrides);
            timeOff = List.copyOf(timeOff);
            plan = List.copyOf(plan);
        }
    }

    public Changes load() {
        return jdbi.withHandle(handle -> new Changes(overrides(handle), timeOff(handle), plan(handle)));
    }

    public long addOverride(Role role, String person, Instant start, Instant end, String reason, String author, Instant now) {
        return jdbi.withHandle(handle -> insertOverride(handle, role, person, start, end, reason, author, now, null));
    }

    /** Two overrides that trade one role between two shifts, written together or not at all. */
    public long addSwap(Role role, Shift first, String firstPerson, Shift second, String secondPerson, String reason,
                        String author, Instant now) {
        return jdbi.inTransaction(handle -> {
            long id = insertOverride(handle, role, firstPerson, first.start(), first.end(), reason, author, now, null);
            handle.createUpdate("UPDATE oncall_overrides SET swap_id = :id WHERE id = :id").bind("id", id).execute();
            insertOverride(handle, role, secondPerson, second.start(), second.end(), reason, author, now, id);
            return id;
        });
    }

    private static long insertOverride(Handle handle, Role role, String person, Instant start, Instant end, String reason,
                                       String author, Instant now, Long swapId) {
        return handle.createUpdate("""
                        INSERT INTO oncall_overrides (role, person, starts_at, ends_at, reason, author, created_at, swap_id)
                        VALUES (:role, :person, :start, :end, :reason, :author, :now, :swap)
                        """)
                .bind("role", role.text())
                .bind("person", person)
                .bind("start", utc(start))
                .bind("end", utc(end))
                .bind("reason", reason)
                .bind("author", author)
                .bind("now", utc(now))
                .bind("swap", swapId)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one();
    }

    /** Removes an override, or a whole swap when the id is one of its two; false when there is none. */
    public boolean removeOverride(long id) {
        return jdbi.inTransaction(handle -> {
            Optional<Long> swap = handle.createQuery("SELECT swap_id FROM oncall_overrides WHERE id = :id")
                    .bind("id", id).mapTo(Long.class).findOne();
            if (swap.isPresent()) {
                return handle.createUpdate("DELETE FROM oncall_overrides WHERE swap_id = :swap")
                        .bind("swap", swap.get()).execute() > 0;
            }
            return handle.createUpdate("DELETE FROM oncall_overrides WHERE id = :id").bind("id", id).execute() > 0;
        });
    }

    public long addTimeOff(String person, LocalDate firstDay, LocalDate lastDay, String reason, String author, Instant now) {
        return jdbi.withHandle(handle -> handle.createUpdate("""
                        INSERT INTO oncall_time_off (person, first_day, last_day, reason, author, created_at)
                        VALUES (:person, :first, :last, :reason, :author, :now)
                        """)
                .bind("person", person)
                .bind("first", firstDay)
                .bind("last", lastDay)
                .bind("reason", reason)
                .bind("author", author)
                .bind("now", utc(now))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    public boolean removeTimeOff(long id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM oncall_time_off WHERE id = :id")
                .bind("id", id).execute() > 0);
    }

    /** Replaces the saved plan with {@code shifts}, in one transaction. */
    public void savePlan(List<Shift> shifts, String author, Instant now) {
        jdbi.useTransaction(handle -> {
            handle.execute("DELETE FROM oncall_plan");
            int position = 0;
            for (Shift shift : shifts) {
                handle.createUpdate("""
                                INSERT INTO oncall_plan (position, starts_at, ends_at, primary_person, secondary_person, saved_by, saved_at)
                                VALUES (:position, :start, :end, :primary, :secondary, :author, :now)
                                """)
                        .bind("position", position++)
                        .bind("start", utc(shift.start()))
                        .bind("end", utc(shift.end()))
                        .bind("primary", shift.primary())
                        .bind("secondary", shift.secondary())
                        .bind("author", author)
                        .bind("now", utc(now))
                        .execute();
            }
        });
    }

    private static List<StoredOverride> overrides(Handle handle) {
        return handle.createQuery("SELECT * FROM oncall_overrides ORDER BY id")
                .map((rs, ctx) -> {
                    Long swap = rs.getObject("swap_id", Long.class);
                    return new StoredOverride(rs.getLong("id"), Role.parse(rs.getString("role")), rs.getString("person"),
                            rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                            rs.getObject("ends_at", OffsetDateTime.class).toInstant(),
                            rs.getString("reason"), rs.getString("author"),
                            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(swap));
                })
                .list();
    }

    private static List<StoredTimeOff> timeOff(Handle handle) {
        return handle.createQuery("SELECT * FROM oncall_time_off ORDER BY first_day, id")
                .map((rs, ctx) -> new StoredTimeOff(rs.getLong("id"), rs.getString("person"),
                        rs.getObject("first_day", LocalDate.class), rs.getObject("last_day", LocalDate.class),
                        rs.getString("reason"), rs.getString("author"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private static List<Shift> plan(Handle handle) {
        return handle.createQuery("SELECT * FROM oncall_plan ORDER BY position")
                .map((rs, ctx) -> new Shift(rs.getInt("position"),
                        rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("ends_at", OffsetDateTime.class).toInstant(),
                        rs.getString("primary_person"), rs.getString("secondary_person")))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
