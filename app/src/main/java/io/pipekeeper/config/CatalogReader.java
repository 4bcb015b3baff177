package io.pipekeeper.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns a YAML tree that passed the schema into a {@link Catalog}, checking what a schema cannot: that
 * references name real people and pipelines, that times, zones, crons and holiday codes are real, and that
 * the dependencies form no cycle. It never stops at the first problem: it notes each one and reads on.
 */
final class CatalogReader {
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final YamlDocument document;
    private final Path file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private Set<String> personIds = Set.of();

    CatalogReader(YamlDocument document, Path file) {
        this.document = document;
        this.file = file;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    /** The catalog, or null when any problem was found. */
    Catalog read() {
        JsonNode root = document.root();
        ConfigPath top = ConfigPath.ROOT;
        Optional<String> store = Optional.ofNullable(text(root, top.key("store")));
        Team team = readTeam(root.path("team"), top.key("team"));
        Map<String, Sla> severities = readSeverities(root.path("severities"), top.key("severities"));
        OnCall oncall = readOnCall(root.path("oncall"), top.key("oncall"));
        Map<String, Pipeline> pipelines = readPipelines(root.path("pipelines"), top.key("pipelines"));
        if (oncall != null) {
            checkEscalationOrder(oncall.escalation(), severities, top.key("oncall").key("escalation"));
        }
        if (!problems.isEmpty() || team == null || oncall == null) {
            return null;
        }
        return new Catalog(file, 1, store, team, severities, oncall, pipelines);
    }

    // ---- team -------------------------------------------------------------------------------------------

    private Team readTeam(JsonNode node, ConfigPath path) {
        String name = text(node, path.key("name"));
        ZoneId zone = zone(node, path.key("timezone"));
        Optional<HolidayRegion> holidays = Optional.empty();
        String code = text(node, path.key("holidays"));
        if (code != null && code.matches("[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?")) {
            HolidayRegion region = HolidayRegion.parse(code);
            Optional<String> problem = HolidayCodes.problemWith(region);
            problem.ifPresent(message -> report(path.key("holidays"), message));
            holidays = problem.isEmpty() ? Optional.of(region) : Optional.empty();
        }
        List<Person> people = new ArrayList<>();
        Map<String, ConfigPath> seen = new LinkedHashMap<>();
        forEachItem(node.path("people"), path.key("people"), (item, itemPath) -> {
            String id = text(item, itemPath.key("id"));
            if (id != null && seen.containsKey(id)) {
                report(itemPath.key("id"), "'" + id + "' is already the id of " + seen.get(id) + "; ids must be unique");
            } else if (id != null) {
                seen.put(id, itemPath);
            }
            Person person = readPerson(item, itemPath, id);
            if (person != null) {
                people.add(person);
            }
            return null;
        });
        personIds = new LinkedHashSet<>(seen.keySet());
        if (name == null || zone == null) {
            return null;
        }
        return new Team(name, zone, holidays, people);
    }

    private Person readPerson(JsonNode node, ConfigPath path, String id) {
        String name = text(node, path.key("name"));
        String email = text(node, path.key("email"));
        Optional<String> phone = Optional.ofNullable(text(node, path.key("phone")));
        Optional<ZoneId> zone = node.has("timezone") ? Optional.ofNullable(zone(node, path.key("timezone"))) : Optional.empty();
        List<String> skills = texts(node.path("skills"), path.key("skills"));
        if (id == null || name == null || email == null) {
            return null;
        }
        return new Person(id, name, email, phone, zone, skills);
    }

    // ---- severities -------------------------------------------------------------------------------------

    private Map<String, Sla> readSeverities(JsonNode node, ConfigPath path) {
        Map<String, Sla> severities = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            ConfigPath levelPath = path.key(entry.getKey());
            Duration respond = duration(entry.getValue(), levelPath.key("respond"));
            Duration resolve = duration(entry.getValue(), levelPath.key("resolve"));
            if (respond == null || resolve == null) {
                return;
            }
            if (respond.isZero()) {
                report(levelPath.key("respond"), "must be longer than 0");
            } else if (resolve.compareTo(respond) < 0) {
                report(levelPath.key("resolve"), "'" + Durations.format(resolve) + "' is shorter than respond ('"
                        + Durations.format(respond) + "'); an incident cannot be resolved before it must be acknowledged");
            } else {
                severities.put(entry.getKey(), Sla.of(respond, resolve));
            }
        });
        return severities;
    }

    // ---- on call ----------------------------------------------------------------------------------------

    private OnCall readOnCall(JsonNode node, ConfigPath path) {
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

    /** A later step must not fire before an earlier one, for any severity (percentages depend on the SLA). */
    private void checkEscalationOrder(List<EscalationStep> steps, Map<String, Sla> severities, ConfigPath path) {
        for (int i = 1; i < steps.size(); i++) {
            for (Map.Entry<String, Sla> severity : severities.entrySet()) {
                Duration earlier = steps.get(i - 1).after().of(severity.getValue());
                Duration later = steps.get(i).after().of(severity.getValue());
                if (later.compareTo(earlier) < 0) {
                    report(path.index(i).key("after"), "'" + steps.get(i).after() + "' fires at "
                            + Durations.format(later) + " for " + severity.getKey() + " incidents, before the step above it ("
                            + Durations.format(earlier) + "); order the steps by when they fire");
                    break;
                }
            }
        }
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
        if (after == null || !after.matches("[0-9]+(s|m|h|d|w|%)")) {
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

    // ---- pipelines --------------------------------------------------------------------------------------

    private Map<String, Pipeline> readPipelines(JsonNode node, ConfigPath path) {
        Set<String> ids = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(ids::add);
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String id = entry.getKey();
            ConfigPath pipelinePath = path.key(id);
            List<String> dependsOn = readDependsOn(entry.getValue(), pipelinePath.key("depends_on"), id, ids);
            dependencies.put(id, dependsOn);
            Pipeline pipeline = readPipeline(entry.getValue(), pipelinePath, id, dependsOn);
            if (pipeline != null) {
                pipelines.put(id, pipeline);
            }
        });
        DependencyCycles.find(dependencies).forEach(cycle ->
                report(path.key(cycle.get(0)).key("depends_on"), "depends_on forms a cycle: "
                        + String.join(" → ", cycle) + "; a pipeline cannot wait for its own output"));
        return pipelines;
    }

    private List<String> readDependsOn(JsonNode node, ConfigPath path, String self, Set<String> ids) {
        List<String> dependsOn = new ArrayList<>();
        List<String> written = texts(node.path("depends_on"), path);
        for (int i = 0; i < written.size(); i++) {
            String upstream = written.get(i);
            if (upstream.equals(self)) {
                report(path.index(i), "'" + upstream + "' is this pipeline; a pipeline cannot depend on itself");
            } else if (!ids.contains(upstream)) {
                report(path.index(i), "'" + upstream + "' is not a pipeline" + Suggestions.didYouMean(upstream, ids)
                        + " (pipelines: " + String.join(", ", ids) + ")");
            } else if (dependsOn.contains(upstream)) {
                report(path.index(i), "'" + upstream + "' is listed twice");
            } else {
                dependsOn.add(upstream);
            }
        }
        return dependsOn;
    }

    private Pipeline readPipeline(JsonNode node, ConfigPath path, String id, List<String> dependsOn) {
        String area = text(node, path.key("area"));
        String name = text(node, path.key("name"));
        String audience = text(node, path.key("audience"));
        String purpose = text(node, path.key("purpose"));
        Owners owners = readOwners(node.path("owners"), path.key("owners"));
        List<String> needs = texts(node.path("needs"), path.key("needs"));
        Schedule schedule = readSchedule(node.path("schedule"), path.key("schedule"));
        List<Pipeline.Metric> metrics = new ArrayList<>();
        Set<String> metricNames = new LinkedHashSet<>();
        forEachItem(node.path("metrics"), path.key("metrics"), (item, itemPath) -> {
            String metric = text(item, itemPath.key("name"));
            String definition = text(item, itemPath.key("definition"));
            if (metric != null && !metricNames.add(metric)) {
                report(itemPath.key("name"), "'" + metric + "' is already a metric of this pipeline; names must be unique");
            } else if (metric != null && definition != null) {
                metrics.add(new Pipeline.Metric(metric, definition));
            }
            return null;
        });
        if (area == null || name == null || audience == null || purpose == null || owners == null || schedule == null) {
            return null;
        }
        return new Pipeline(id, area, name, audience, purpose, owners, needs, dependsOn, schedule, metrics);
    }

    private Owners readOwners(JsonNode node, ConfigPath path) {
        String primary = person(node, path.key("primary"));
        String secondary = person(node, path.key("secondary"));
        if (primary != null && primary.equals(secondary)) {
            report(path.key("secondary"), "'" + secondary + "' is already the primary owner; "
                    + "the secondary must be someone else, so that two people know the pipeline");
            return null;
        }
        Map<String, String> why = new LinkedHashMap<>();
        node.path("why").fields().forEachRemaining(entry -> {
            ConfigPath whyPath = path.key("why").key(entry.getKey());
            String who = entry.getKey();
            if (!personIds.contains(who)) {
                report(whyPath, "'" + who + "' is not a person in team.people" + Suggestions.didYouMean(who, personIds));
            } else if (primary != null && secondary != null && !who.equals(primary) && !who.equals(secondary)) {
                report(whyPath, "'" + who + "' is not an owner of this pipeline; explain only the primary and the secondary");
            } else if (entry.getValue().isTextual()) {
                why.put(who, entry.getValue().asText());
            }
        });
        return primary == null || secondary == null ? null : new Owners(primary, secondary, why);
    }

    private Schedule readSchedule(JsonNode node, ConfigPath path) {
        String cronText = text(node, path.key("cron"));
        Cron cron = null;
        if (cronText != null) {
            try {
                cron = CRON.parse(cronText.strip());
                cron.validate();
            } catch (IllegalArgumentException e) {
                report(path.key("cron"), "'" + cronText + "' is not a five-field UNIX cron (minute hour day-of-month "
                        + "month day-of-week, such as \"0 5 * * *\"): " + e.getMessage());
                cron = null;
            }
        }
        Optional<LocalTime> deadline = Optional.ofNullable(temporal(node, path.key("deadline"), "[0-9]{2}:[0-9]{2}",
                LocalTime::parse, "a time of day; write HH:MM from 00:00 to 23:59"));
        return cron == null ? null : new Schedule(cronText.strip(), cron, deadline);
    }

    // ---- values -----------------------------------------------------------------------------------------

    /** The text at path's last key in node, or null when absent or not text (the schema reports that). */
    private static String text(JsonNode parent, ConfigPath path) {
        JsonNode value = parent.path((String) path.elements().get(path.elements().size() - 1));
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> texts(JsonNode array, ConfigPath path) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> {
            if (item.isTextual()) {
                texts.add(item.asText());
            }
        });
        return texts;
    }

    private <T> List<T> forEachItem(JsonNode array, ConfigPath path, BiFunction<JsonNode, ConfigPath, T> reader) {
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isObject()) {
                T item = reader.apply(array.get(i), path.index(i));
                if (item != null) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    private String person(JsonNode parent, ConfigPath path) {
        String id = text(parent, path);
        if (id != null && !personIds.contains(id)) {
            report(path, "'" + id + "' is not a person in team.people" + Suggestions.didYouMean(id, personIds));
            return null;
        }
        return id;
    }

    private Duration duration(JsonNode parent, ConfigPath path) {
        String text = text(parent, path);
        if (text == null || !text.matches("[0-9]+(s|m|h|d|w)")) {
            return null;
        }
        return Durations.parse(text);
    }

    private ZoneId zone(JsonNode parent, ConfigPath path) {
        String text = text(parent, path);
        if (text == null) {
            return null;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            report(path, "'" + text + "' is not a time zone" + Suggestions.didYouMean(text, ZoneId.getAvailableZoneIds())
                    + "; write an IANA zone such as America/New_York or Europe/Berlin");
            return null;
        }
    }

    private LocalDate localDate(JsonNode parent, ConfigPath path) {
        return temporal(parent, path, "[0-9]{4}-[0-9]{2}-[0-9]{2}", LocalDate::parse, "a real date");
    }

    private LocalDateTime localDateTime(JsonNode parent, ConfigPath path) {
        return temporal(parent, path, "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?", LocalDateTime::parse,
                "a real date and time");
    }

    /**
     * The value parsed, or null: silently when it is absent or not of the written form (the schema reports
     * that), with a problem when it has the form but names no real moment (the 30th of February).
     */
    private <T> T temporal(JsonNode parent, ConfigPath path, String form, Function<String, T> parser, String what) {
        String text = text(parent, path);
        if (text == null || !text.matches(form)) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (DateTimeException e) {
            report(path, "'" + text + "' is not " + what);
            return null;
        }
    }

    private void report(ConfigPath path, String message) {
        problems.add(document.problemAt(path, message));
    }
}
