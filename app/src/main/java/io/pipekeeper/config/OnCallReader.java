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

    OnCall read(JsonNode node, ConfigPath path) {
        Rotation rotation = readRotation(node.path("rotation"), path.key("rotation"));
        HolidayPolicy holidays = readHolidayPolicy(node.path("holidays"), path.key("holidays"));
        List<EscalationStep> escalation = node.has("escalation")
                ? forEachItem(node.path("escalation"), path.key("escalation"), this::readEscalationStep)
                : defaultEscalation();
        List<TimeOff> timeOff = forEachItem(node.path("time_off"), path.key("time_off"), this::readTimeOff);
        List<RoleOverride> overrides = forEachItem(node.path("overrides"), path.key("overrides"), this::readOverride);
        List<OnCall.PlannedShift> plan = forEachItem(node.path("plan"), path.key("plan"), this::readPlannedShift);
        checkOverridesAgainstTimeOff(node.path("overrides"), path.key("overrides"), timeOff);
        return rotation == null ? null : new OnCall(rotation, holidays, escalation, timeOff, overrides, plan);
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

    /** Without an escalation policy: the seed's — primary now, secondary at half the respond SLA, owners at the SLA. */
    static List<EscalationStep> defaultEscalation() {
        List<String> both = List.of("email", "phone");
        return List.of(
                new EscalationStep(EscalationStep.Delay.parse("0m"), List.of("oncall.primary"), both),
                new EscalationStep(EscalationStep.Delay.parse("50%"), List.of("oncall.secondary"), both),
                new EscalationStep(EscalationStep.Delay.parse("100%"), List.of("owners.primary", "owners.secondary"), both));
    }

    /**
     * A later step must not fire before an earlier one, for any severity (percentages depend on the SLA). Of two steps
     * out of order, the later one is blamed, unless the earlier one is out of line with the rest: a percentage past
     * the respond SLA ({@code 500%} in {@code 0m, 500%, 100%}), or later than the step after next too.
     */
    void checkEscalationOrder(List<EscalationStep> steps, Map<String, Sla> severities, ConfigPath path) {
        for (int i = 1; i < steps.size(); i++) {
            for (Map.Entry<String, Sla> severity : severities.entrySet()) {
                Sla sla = severity.getValue();
                Duration earlier = steps.get(i - 1).after().of(sla);
                Duration later = steps.get(i).after().of(sla);
                if (later.compareTo(earlier) >= 0) {
                    continue;
                }
                boolean earlierIsOutOfLine = pastTheRespondSla(steps.get(i - 1))
                        || (i + 1 < steps.size() && earlier.compareTo(steps.get(i + 1).after().of(sla)) > 0);
                if (earlierIsOutOfLine) {
                    report(path.index(i - 1).key("after"), "'" + steps.get(i - 1).after() + "' fires at " + Durations.format(earlier)
                            + " for " + severity.getKey() + " incidents, after the step below it (" + Durations.format(later)
                            + "); order the steps by when they fire");
                } else {
                    report(path.index(i).key("after"), "'" + steps.get(i).after() + "' fires at " + Durations.format(later)
                            + " for " + severity.getKey() + " incidents, before the step above it (" + Durations.format(earlier)
                            + "); order the steps by when they fire");
                }
                break;
            }
        }
    }

    private static boolean pastTheRespondSla(EscalationStep step) {
        return step.after() instanceof EscalationStep.PercentOfRespond percent && percent.percent() > 100;
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

    private EscalationStep readEscalationStep(JsonNode node, ConfigPath path) {
        String after = text(node, path.key("after"));
        List<String> notify = texts(node.path("notify"), path.key("notify"));
        for (int i = 0; i < notify.size(); i++) {
            String target = notify.get(i);
            if (!EscalationStep.ROLE_TARGETS.contains(target) && !personIds.contains(target)) {
                List<String> known = new ArrayList<>(EscalationStep.ROLE_TARGETS);
                known.addAll(personIds);
                report(path.key("notify").index(i), "'" + target + "' is neither a role ("
                        + String.join(", ", EscalationStep.ROLE_TARGETS) + ") nor a person in team.people"
                        + Suggestions.didYouMean(target, known));
            }
        }
        List<String> via = texts(node.path("via"), path.key("via"));
        if (after == null || !after.matches("[0-9]{1,6}(s|m|h|d|w)|[0-9]{1,4}%")) {
            return null;
        }
        return new EscalationStep(EscalationStep.Delay.parse(after), notify, via);
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
