package io.pipekeeper.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code oncall}: the rotation, holiday rule, escalation policy, time off, overrides and a saved plan. */
final class OnCallReader extends SectionReader {
    OnCallReader(YamlDocument document, List<ConfigProblem> problems, Set<String> personIds) {
        super(document, problems, personIds);
    }

    OnCall read(JsonNode node, ConfigPath path, EscalationReader escalationReader) {
        Rotation rotation = readRotation(node.path("rotation"), path.key("rotation"));
        HolidayPolicy holidays = readHolidayPolicy(node.path("holidays"), path.key("holidays"));
        EscalationPolicy escalation = node.has("escalation")
                ? escalationReader.read(node.path("escalation"), path.key("escalation"))
                : EscalationReader.seeds();
        List<TimeOff> timeOff = forEachItem(node.path("time_off"), path.key("time_off"), this::readTimeOff);
        List<RoleOverride> overrides = forEachItem(node.path("overrides"), path.key("overrides"), this::readOverride);
        List<OnCall.PlannedShift> plan = forEachItem(node.path("plan"), path.key("plan"), this::readPlannedShift);
        checkOverridesAgainstTimeOff(node.path("overrides"), path.key("overrides"), timeOff);
        java.util.Optional<java.time.Duration> reminder = java.util.Optional.of(OnCall.DEFAULT_REMINDER);
        if (node.has("shift_reminder")) {
            reminder = node.path("shift_reminder").asText().equals("off") ? java.util.Optional.empty()
                    : java.util.Optional.ofNullable(duration(node, path.key("shift_reminder")));
        }
        List<RoleOverride> responders = forEachItem(node.path("responders"), path.key("responders"), this::readOverride);
        return rotation == null || escalation == null ? null
                : new OnCall(rotation, holidays, escalation, timeOff, overrides, plan, reminder, responders);
    }

    /** Someone on time off is never on call, so an override may not name them then. */
    private void checkOverridesAgainstTimeOff(JsonNode overrides, ConfigPath path, List<TimeOff> timeOff) {
        for (int i = 0; i < overrides.size(); i++) {
            RoleOverride override = overrides.get(i).isObject() ? readQuietly(overrides.get(i), path.index(i)) : null;
            if (override == null) {
                continue;
            }
            for (TimeOff off : timeOff) {
                boolean overlaps = off.person().equals(override.person())
                        && override.from().isBefore(off.to().plusDays(1).atStartOfDay())
                        && override.to().isAfter(off.from().atStartOfDay());
                if (overlaps) {
                    report(path.index(i).key("person"), "'" + override.person() + "' is on time off from " + off.from()
                            + " to " + off.to() + " (oncall.time_off); someone on time off is never on call");
                    break;
                }
            }
        }
    }

    /** The override at path, or null, without reporting its problems a second time. */
    private RoleOverride readQuietly(JsonNode node, ConfigPath path) {
        int before = problems.size();
        RoleOverride override = readOverride(node, path);
        problems.subList(before, problems.size()).clear();
        return override;
    }

    private OnCall.PlannedShift readPlannedShift(JsonNode node, ConfigPath path) {
        LocalDateTime start = localDateTime(node, path.key("start"));
        LocalDateTime end = localDateTime(node, path.key("end"));
        String primary = person(node, path.key("primary"));
        String secondary = person(node, path.key("secondary"));
        if (start != null && end != null && !end.isAfter(start)) {
            report(path.key("end"), "'" + end + "' is not after start ('" + start + "')");
            return null;
        }
        if (primary != null && primary.equals(secondary)) {
            report(path.key("secondary"), "'" + secondary + "' is already the primary of this shift; a shift needs two different people");
            return null;
        }
        return start == null || end == null || primary == null || secondary == null ? null
                : new OnCall.PlannedShift(start, end, primary, secondary);
    }

    private Rotation readRotation(JsonNode node, ConfigPath path) {
        LocalDateTime start = localDateTime(node, path.key("start"));
        Duration length = duration(node, path.key("length"));
        if (length != null && length.isZero()) {
            report(path.key("length"), "must be longer than 0");
            length = null;
        }
        List<Rotation.Pair> pairs = forEachItem(node.path("shifts"), path.key("shifts"), (item, itemPath) -> {
            String primary = person(item, itemPath.key("primary"));
            String secondary = person(item, itemPath.key("secondary"));
            if (primary != null && primary.equals(secondary)) {
                report(itemPath.key("secondary"), "'" + secondary + "' is already the primary of this pair; "
                        + "a pair needs two different people");
                return null;
            }
            return primary == null || secondary == null ? null : new Rotation.Pair(primary, secondary);
        });
        if (start == null || length == null || pairs.isEmpty()) {
            return null;
        }
        return new Rotation(start, length, pairs);
    }

    private HolidayPolicy readHolidayPolicy(JsonNode node, ConfigPath path) {
        String rule = text(node, path.key("rule"));
        List<HolidayPolicy.ExtraHoliday> extra = forEachItem(node.path("extra"), path.key("extra"), (item, itemPath) -> {
            LocalDate date = localDate(item, itemPath.key("date"));
            String name = text(item, itemPath.key("name"));
            return date == null || name == null ? null : new HolidayPolicy.ExtraHoliday(date, name);
        });
        // Only one rule exists today; the schema reports any other word.
        return new HolidayPolicy(HolidayPolicy.Rule.PRIMARY_COVERS, extra);
    }

    private TimeOff readTimeOff(JsonNode node, ConfigPath path) {
        String person = person(node, path.key("person"));
        LocalDate from = localDate(node, path.key("from"));
        LocalDate to = localDate(node, path.key("to"));
        if (from != null && to != null && to.isBefore(from)) {
            report(path.key("to"), "'" + to + "' is before from ('" + from + "'); time off ends on or after the day it starts");
            return null;
        }
        if (person == null || from == null || to == null) {
            return null;
        }
        return new TimeOff(person, from, to, Optional.ofNullable(text(node, path.key("reason"))));
    }

    private RoleOverride readOverride(JsonNode node, ConfigPath path) {
        String role = text(node, path.key("role"));
        String person = person(node, path.key("person"));
        LocalDateTime from = localDateTime(node, path.key("from"));
        LocalDateTime to = localDateTime(node, path.key("to"));
        if (from != null && to != null && !to.isAfter(from)) {
            report(path.key("to"), "'" + to + "' is not after from ('" + from + "'); an override must end after it starts");
            return null;
        }
        if (role == null || person == null || from == null || to == null || !role.matches("primary|secondary")) {
            return null;
        }
        return new RoleOverride(RoleOverride.Role.valueOf(role.toUpperCase()), person, from, to,
                Optional.ofNullable(text(node, path.key("reason"))));
    }
}
