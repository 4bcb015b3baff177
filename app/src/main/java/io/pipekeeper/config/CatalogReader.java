package io.pipekeeper.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Turns a YAML tree that passed the schema into a {@link Catalog}, checking what a schema cannot: that
 * references name real people and pipelines, that times, zones, crons and holiday codes are real, and that
 * the dependencies form no cycle. It never stops at the first problem: it notes each one and reads on.
 */
final class CatalogReader extends SectionReader {
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Path file;
    private final Set<String> engines;

    /** {@code engines}: the engines besides DuckDB that are on the class path. */
    CatalogReader(YamlDocument document, Path file, Set<String> engines) {
        super(document, new ArrayList<>(), Set.of());
        this.file = file;
        this.engines = Set.copyOf(engines);
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    private static final String DUCKDB = "duckdb";
    /** {@code engines.default}: where pipelines that name no engine run. */
    private String defaultEngine = DUCKDB;
    /** The sources read so far, for the rules of pipelines that read them. */
    private Map<String, Source> sourcesRead = Map.of();
    /** Reads the team's escalation policy and the pipelines' own, once the severities are known. */
    private EscalationReader escalationReader;

    /** The catalog, or null when any problem was found. */
    Catalog read() {
        JsonNode root = document.root();
        ConfigPath top = ConfigPath.ROOT;
        Optional<String> store = Optional.ofNullable(text(root, top.key("store")));
        Team team = readTeam(root.path("team"), top.key("team"));
        Map<String, Sla> severities = readSeverities(root.path("severities"), top.key("severities"));
        escalationReader = new EscalationReader(document, problems, personIds, severities);
        OnCall oncall = new OnCallReader(document, problems, personIds).read(root.path("oncall"), top.key("oncall"), escalationReader);
        Storage storage = readStorage(root.path("storage"));
        Map<String, Source> sources = readSources(root.path("sources"), top.key("sources"));
        sourcesRead = sources;
        // References are checked against every source written, valid or not: one mistake, one message.
        Set<String> sourceIds = new LinkedHashSet<>();
        root.path("sources").fieldNames().forEachRemaining(sourceIds::add);
        defaultEngine = root.path("engines").path("default").asText(DUCKDB);
        Map<String, Pipeline> pipelines = readPipelines(root.path("pipelines"), top.key("pipelines"), sourceIds);
        List<SeverityRule> severityRules = readSeverityRules(root.path("severity_rules"), top.key("severity_rules"), severities.keySet(),
                sourceIds);
        Map<String, Integration> integrations = readIntegrations(root.path("integrations"), top.key("integrations"));
        List<MaintenanceWindow> maintenance = readMaintenance(root.path("maintenance"), top.key("maintenance"), sourceIds);
        Map<String, StatusPageSettings> statusPages = readStatusPages(root.path("status_pages"), top.key("status_pages"), pipelines);
        if (!problems.isEmpty() || team == null || oncall == null) {
            return null;
        }
        return new Catalog(file, 1, store, team, severities, oncall, pipelines, storage, sources, readEmail(root.path("channels").path("email")),
                readPhone(root.path("channels").path("phone")), readSlack(root.path("channels").path("slack")),
                readWebhook(root.path("channels").path("webhook")), readTeams(root.path("channels").path("teams")), Optional.ofNullable(text(root, top.key("base_url"))), severityRules,
                integrations, readSpark(root.path("spark")), maintenance, statusPages);
    }

    /** {@code status_pages}: per audience, whether its page is public and its title; an audience no pipeline has is a mistake. */
    private Map<String, StatusPageSettings> readStatusPages(JsonNode node, ConfigPath path, Map<String, Pipeline> pipelines) {
        Map<String, StatusPageSettings> pages = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String audience = entry.getKey();
            if (pipelines.values().stream().noneMatch(p -> p.audience().equals(audience))) {
                problems.add(document.problemAtKey(path.key(audience), "no pipeline has audience " + audience + ", so its status page would be empty; remove it, or give a "
                        + "pipeline audience: " + audience));
            }
            pages.put(audience, new StatusPageSettings(audience, entry.getValue().path("title").asText(StatusPageSettings.defaultFor(audience).title()),
                    entry.getValue().path("public").asBoolean(false)));
        });
        return pages;
    }

    /** {@code maintenance}: windows for pipelines, sources or everything, recurring (cron and duration) or once (from, to). */
    private List<MaintenanceWindow> readMaintenance(JsonNode node, ConfigPath path, Set<String> sourceIds) {
        List<MaintenanceWindow> windows = new ArrayList<>();
        Set<String> pipelineIds = new LinkedHashSet<>();
        document.root().path("pipelines").fieldNames().forEachRemaining(pipelineIds::add);
        forEachItem(node, path, (item, itemPath) -> {
            List<String> scopes = new ArrayList<>();
            for (String key : List.of("pipelines", "sources")) {
                Set<String> known = key.equals("pipelines") ? pipelineIds : sourceIds;
                List<String> ids = texts(item.path(key), itemPath.key(key));
                for (int i = 0; i < ids.size(); i++) {
                    if (!known.contains(ids.get(i))) {
                        report(itemPath.key(key).index(i), "'" + ids.get(i) + "' is not one of the " + key + Suggestions.didYouMean(ids.get(i), known));
                    }
                }
                scopes.addAll(ids);
            }
            boolean all = item.path("all").asBoolean(false);
            if (all == !scopes.isEmpty()) {
                report(itemPath, all ? "a window is for all, or for pipelines and sources, not both"
                        : "say what the window is for: pipelines: [...], sources: [...], or all: true");
                return null;
            }
            String reason = item.path("reason").asText("");
            if (item.has("cron")) {
                String cronText = text(item, itemPath.key("cron"));
                Duration duration = duration(item, itemPath.key("duration"));
                Cron cron = null;
                try {
                    cron = cronText == null ? null : CRON.parse(cronText.strip());
                    if (cron != null) {
                        cron.validate();
                    }
                } catch (IllegalArgumentException e) {
                    report(itemPath.key("cron"), "'" + cronText + "' is not a five-field UNIX cron (minute hour day-of-month month day-of-week, such as "
                            + "\"0 2 * * sun\"): " + e.getMessage());
                    return null;
                }
                if (cron == null || duration == null) {
                    return null;
                }
                windows.add(new MaintenanceWindow(scopes, Optional.of(new MaintenanceWindow.Recurring(cronText.strip(), cron, duration)), Optional.empty(),
                        reason));
            } else {
                LocalDateTime from = temporal(item, itemPath.key("from"), "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}", LocalDateTime::parse,
                        "a local date and time; write YYYY-MM-DDTHH:MM");
                LocalDateTime to = temporal(item, itemPath.key("to"), "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}", LocalDateTime::parse,
                        "a local date and time; write YYYY-MM-DDTHH:MM");
                if (from == null || to == null) {
                    return null;
                }
                if (!to.isAfter(from)) {
                    report(itemPath.key("to"), "'" + to + "' is not after from ('" + from + "'); a window ends after it starts");
                    return null;
                }
                windows.add(new MaintenanceWindow(scopes, Optional.empty(), Optional.of(new MaintenanceWindow.Once(from, to)), reason));
            }
            return null;
        });
        return windows;
    }

    /** The pipeline's engine, which must be on the class path: choosing one that is not says how to add it. */
    private String engine(JsonNode pipeline, ConfigPath path) {
        String engine = pipeline.path("engine").asText(defaultEngine);
        if (!engine.equals(DUCKDB) && !engines.contains(engine)) {
            report(pipeline.has("engine") ? path.key("engine") : ConfigPath.ROOT.key("engines").key("default"),
                    "the " + engine + " engine is not on the class path; run pipekeeper with PIPEKEEPER_SPARK=1 ./pipekeeper …, which builds"
                    + " the spark module and adds it (docs/scaling.md), or choose engine: duckdb");
        }
        return engine;
    }

    private static SparkSettings readSpark(JsonNode node) {
        Map<String, String> conf = new LinkedHashMap<>();
        node.path("conf").fields().forEachRemaining(entry -> conf.put(entry.getKey(), entry.getValue().asText()));
        return new SparkSettings(node.path("master").asText(SparkSettings.LOCAL.master()), conf);
    }

    private static Optional<EmailSettings> readEmail(JsonNode node) {
        JsonNode smtp = node.path("smtp");
        if (!smtp.path("host").isTextual() || !node.path("from").isTextual()) {
            return Optional.empty();
        }
        String security = smtp.path("security").asText("starttls");
        int port = smtp.path("port").asInt(security.equals("tls") ? 465 : security.equals("none") ? 25 : 587);
        return Optional.of(new EmailSettings(smtp.get("host").asText(), port, security,
                Optional.ofNullable(smtp.path("user").textValue()), Optional.ofNullable(smtp.path("password").textValue()),
                node.get("from").asText()));
    }

    private static Optional<PhoneSettings> readPhone(JsonNode node) {
        JsonNode twilio = node.path("twilio");
        if (!twilio.path("account_sid").isTextual() || !twilio.path("auth_token").isTextual() || !twilio.path("from").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new PhoneSettings(twilio.get("account_sid").asText(), twilio.get("auth_token").asText(), twilio.get("from").asText(),
                twilio.path("api_base").asText("https://api.twilio.com"), node.path("sms").asBoolean(true), node.path("voice").asBoolean(true),
                node.has("throttle") ? new PhoneSettings.Throttle(node.path("throttle").path("most").asInt(5),
                        Durations.parse(node.path("throttle").path("per").asText("15m"))) : PhoneSettings.Throttle.DEFAULT));
    }

    private static Optional<SlackSettings> readSlack(JsonNode node) {
        if (node.path("webhook").isTextual()) {
            return Optional.of(new SlackSettings.Webhook(node.get("webhook").asText()));
        }
        JsonNode app = node.path("app");
        if (!app.path("bot_token").isTextual() || !app.path("signing_secret").isTextual() || !app.path("channel").isTextual()) {
            return Optional.empty();
        }
        return Optional.of(new SlackSettings.App(app.get("bot_token").asText(), app.get("signing_secret").asText(), app.get("channel").asText(),
                app.path("direct_messages").asBoolean(true), app.path("api_base").asText(SlackSettings.App.API_BASE)));
    }

    private static Optional<TeamsSettings> readTeams(JsonNode node) {
        return node.path("webhook").isTextual() ? Optional.of(new TeamsSettings(node.get("webhook").asText())) : Optional.empty();
    }

    private static Optional<WebhookSettings> readWebhook(JsonNode node) {
        return node.path("url").isTextual() && node.path("secret").isTextual()
                ? Optional.of(new WebhookSettings(node.get("url").asText(), node.get("secret").asText())) : Optional.empty();
    }

    // ---- team -------------------------------------------------------------------------------------------

    private Team readTeam(JsonNode node, ConfigPath path) {
        String name = text(node, path.key("name"));
        ZoneId zone = zone(node, path.key("timezone"));
        Optional<HolidayRegion> holidays = holidayRegion(node, path.key("holidays"));
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
        Optional<WorkingHours> workingHours = node.has("working_hours") ? workingHours(node.path("working_hours"), path.key("working_hours"))
                : Optional.empty();
        if (name == null || zone == null) {
            return null;
        }
        return new Team(name, zone, holidays, people, workingHours);
    }

    /** {@code team.working_hours}; empty when reported (the schema checks the days and the form of the times). */
    private Optional<WorkingHours> workingHours(JsonNode node, ConfigPath path) {
        LocalTime from = temporal(node, path.key("from"), "[0-9]{2}:[0-9]{2}", LocalTime::parse, "a time of day; write HH:MM from 00:00 to 23:59");
        LocalTime to = temporal(node, path.key("to"), "[0-9]{2}:[0-9]{2}", LocalTime::parse, "a time of day; write HH:MM from 00:00 to 23:59");
        java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        node.path("days").forEach(day -> java.util.Arrays.stream(java.time.DayOfWeek.values())
                .filter(d -> d.name().substring(0, 3).equalsIgnoreCase(day.asText())).forEach(days::add));
        if (from == null || to == null || days.isEmpty()) {
            return Optional.empty();
        }
        if (!to.isAfter(from)) {
            report(path.key("to"), "'" + to + "' is not after from ('" + from + "'); working hours end later on the day they start");
            return Optional.empty();
        }
        return Optional.of(new WorkingHours(days, from, to));
    }

    /** A public-holiday calendar's code (US, DE-BY) that Jollyday knows; empty when absent or reported. */
    private Optional<HolidayRegion> holidayRegion(JsonNode node, ConfigPath path) {
        String code = text(node, path);
        if (code == null || !code.matches("[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?")) {
            return Optional.empty(); // absent, or the schema reported its form
        }
        HolidayRegion region = HolidayRegion.parse(code);
        Optional<String> problem = HolidayCodes.problemWith(region);
        problem.ifPresent(message -> report(path, message));
        return problem.isEmpty() ? Optional.of(region) : Optional.empty();
    }

    private Person readPerson(JsonNode node, ConfigPath path, String id) {
        String name = text(node, path.key("name"));
        String email = text(node, path.key("email"));
        Optional<String> phone = Optional.ofNullable(text(node, path.key("phone")));
        Optional<ZoneId> zone = node.has("timezone") ? Optional.ofNullable(zone(node, path.key("timezone"))) : Optional.empty();
        Optional<HolidayRegion> holidays = holidayRegion(node, path.key("holidays"));
        List<String> skills = texts(node.path("skills"), path.key("skills"));
        if (id == null || name == null || email == null) {
            return null;
        }
        return new Person(id, name, email, phone, Optional.ofNullable(node.path("slack_id").textValue()), zone, holidays, skills);
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
                String pages = entry.getValue().path("pages").asText(entry.getKey().equals("minor") ? "" : "at_once");
                Sla.Urgency urgency = pages.isEmpty() ? (document.root().path("team").has("working_hours") ? Sla.Urgency.WORKING_HOURS : Sla.Urgency.AT_ONCE)
                        : pages.equals("working_hours") ? Sla.Urgency.WORKING_HOURS : Sla.Urgency.AT_ONCE;
                if (urgency == Sla.Urgency.WORKING_HOURS && !document.root().path("team").has("working_hours")) {
                    report(levelPath.key("pages"), "'working_hours' needs team.working_hours: say when the team works, or write at_once");
                }
                severities.put(entry.getKey(), new Sla(respond, resolve, urgency));
            }
        });
        return severities;
    }

    /** The team's rules; kinds and audiences the schema checks, severities and subjects are checked here. */
    private List<SeverityRule> readSeverityRules(JsonNode node, ConfigPath path, Set<String> severities, Set<String> sourceIds) {
        Set<String> subjects = new LinkedHashSet<>(sourceIds);
        document.root().path("pipelines").fieldNames().forEachRemaining(subjects::add);
        return forEachItem(node, path, (item, itemPath) -> {
            String severity = text(item, itemPath.key("severity"));
            boolean valid = severity != null;
            if (severity != null && !severities.contains(severity)) {
                report(itemPath.key("severity"), "'" + severity + "' is not one of the severities (" + String.join(", ", severities) + ")"
                        + Suggestions.didYouMean(severity, severities));
                valid = false;
            }
            List<String> subjectList = oneOrMany(item.path("subject"));
            for (String subject : subjectList) {
                if (!subjects.contains(subject)) {
                    report(itemPath.key("subject"), "'" + subject + "' is neither a pipeline nor a source" + Suggestions.didYouMean(subject, subjects));
                    valid = false;
                }
            }
            return valid ? new SeverityRule(oneOrMany(item.path("kind")), oneOrMany(item.path("check")), subjectList,
                    Optional.ofNullable(text(item, itemPath.key("audience"))), severity) : null;
        });
    }

    private Map<String, Integration> readIntegrations(JsonNode node, ConfigPath path) {
        Map<String, Integration> integrations = new LinkedHashMap<>();
        Set<String> pipelineIds = new LinkedHashSet<>();
        document.root().path("pipelines").fieldNames().forEachRemaining(pipelineIds::add);
        node.fields().forEachRemaining(entry -> {
            ConfigPath at = path.key(entry.getKey());
            String type = text(entry.getValue(), at.key("type"));
            String secret = text(entry.getValue(), at.key("secret"));
            String pipeline = text(entry.getValue(), at.key("pipeline"));
            if (pipeline != null && !pipelineIds.contains(pipeline)) {
                report(at.key("pipeline"), "'" + pipeline + "' is not a pipeline" + Suggestions.didYouMean(pipeline, pipelineIds));
                return;
            }
            if (type != null && secret != null) {
                integrations.put(entry.getKey(), new Integration(entry.getKey(), type, secret, Optional.ofNullable(pipeline)));
            }
        });
        return integrations;
    }

    private static List<String> oneOrMany(JsonNode node) {
        return node.isTextual() ? List.of(node.asText()) : texts(node, null);
    }

    // ---- pipelines --------------------------------------------------------------------------------------

    /** Checks may reference any source or pipeline written in the file. */
    private CheckReader checkReader() {
        Set<String> tables = new LinkedHashSet<>();
        document.root().path("sources").fieldNames().forEachRemaining(tables::add);
        document.root().path("pipelines").fieldNames().forEachRemaining(tables::add);
        return new CheckReader(document, problems, personIds, tables);
    }

    private Storage readStorage(JsonNode node) {
        return Storage.under(baseDir(), node.path("raw").asText("data/raw"), node.path("warehouse").asText("data/warehouse"),
                node.path("quarantine").asText("data/quarantine"));
    }

    private Path baseDir() {
        return file.toAbsolutePath().normalize().getParent();
    }

    private Map<String, Source> readSources(JsonNode node, ConfigPath path) {
        Map<String, Source> sources = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String id = entry.getKey();
            JsonNode source = entry.getValue();
            ConfigPath sourcePath = path.key(id);
            String pattern = text(source, sourcePath.key("path"));
            String partition = source.path("partition").asText("daily");
            if (pattern != null && partition.equals("daily") && !pattern.contains("{date}")) {
                report(sourcePath.key("path"), "'" + pattern + "' has no {date}, but the source is partitioned daily;"
                        + " write the day's folder as {date} (orders/date={date}/*.parquet), or set partition: none");
                return;
            }
            Optional<LocalTime> arrivesBy = Optional.ofNullable(temporal(source, sourcePath.key("arrives_by"), "[0-9]{2}:[0-9]{2}",
                    LocalTime::parse, "a time of day; write HH:MM from 00:00 to 23:59"));
            Map<String, String> schema = new LinkedHashMap<>();
            source.path("schema").fields().forEachRemaining(column -> schema.put(column.getKey(), column.getValue().asText()));
            if (pattern == null || !source.path("schema").isObject() || !partition.matches("daily|none")) {
                return;
            }
            Source.Format format = source.path("format").asText("parquet").equals("csv") ? Source.Format.CSV : Source.Format.PARQUET;
            List<Check> checks = checkReader().read(source.path("checks"), sourcePath.key("checks"), Optional.of(schema.keySet()));
            sources.put(id, new Source(id, pattern, Source.Partition.valueOf(partition.toUpperCase()), arrivesBy, format, schema, checks));
        });
        return sources;
    }

    private Map<String, Pipeline> readPipelines(JsonNode node, ConfigPath path, Set<String> sourceIds) {
        Set<String> ids = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(ids::add);
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        Map<String, List<String>> dependencies = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            String id = entry.getKey();
            ConfigPath pipelinePath = path.key(id);
            List<String> dependsOn = readDependsOn(entry.getValue(), pipelinePath.key("depends_on"), id, ids);
            boolean dependsOnIsValid = dependsOn.size() == entry.getValue().path("depends_on").size();
            dependencies.put(id, dependsOn);
            Pipeline pipeline = readPipeline(entry.getValue(), pipelinePath, id, dependsOn, dependsOnIsValid, sourceIds, ids);
            if (pipeline != null) {
                pipelines.put(id, pipeline);
            }
        });
        checkPins(pipelines, path);
        DependencyCycles.find(dependencies).forEach(cycle ->
                report(path.key(cycle.get(0)).key("depends_on"), "depends_on forms a cycle: "
                        + String.join(" → ", cycle) + "; a pipeline cannot wait for its own output"));
        return pipelines;
    }

    private List<String> readDependsOn(JsonNode node, ConfigPath path, String self, Set<String> ids) {
        List<String> dependsOn = new ArrayList<>();
        JsonNode written = node.path("depends_on");
        for (int i = 0; i < written.size(); i++) {
            JsonNode item = written.get(i);
            ConfigPath at = item.isObject() ? path.index(i).key("pipeline") : path.index(i);
            String upstream = item.isObject() ? item.path("pipeline").asText(null) : item.isTextual() ? item.asText() : null;
            if (upstream == null) {
                continue;
            }
            if (upstream.equals(self)) {
                report(at, "'" + upstream + "' is this pipeline; a pipeline cannot depend on itself");
            } else if (!ids.contains(upstream)) {
                report(at, "'" + upstream + "' is not a pipeline" + Suggestions.didYouMean(upstream, ids)
                        + " (pipelines: " + String.join(", ", ids) + ")");
            } else if (dependsOn.contains(upstream)) {
                report(at, "'" + upstream + "' is listed twice");
            } else {
                dependsOn.add(upstream);
            }
        }
        return dependsOn;
    }

    /** depends_on entries written as {pipeline, contract}: upstream → the range of its contract versions accepted. */
    private static Map<String, String> readPins(JsonNode node) {
        Map<String, String> pins = new LinkedHashMap<>();
        node.path("depends_on").forEach(item -> {
            if (item.isObject() && item.path("contract").isTextual()) {
                pins.put(item.path("pipeline").asText(), item.get("contract").asText());
            }
        });
        return pins;
    }

    private static Optional<OutputContract> readOutputContract(JsonNode node) {
        JsonNode contract = node.path("output").path("contract");
        if (!contract.path("version").isTextual() || !contract.path("version").asText().matches("[0-9]{1,6}\\.[0-9]{1,6}\\.[0-9]{1,6}")) {
            return Optional.empty();
        }
        Map<String, String> columns = new LinkedHashMap<>();
        contract.path("columns").fields().forEachRemaining(column -> columns.put(column.getKey(), column.getValue().asText()));
        return Optional.of(new OutputContract(contract.get("version").asText(), columns));
    }

    /** Every pin must name a producer with a contract whose version it accepts. */
    private void checkPins(Map<String, Pipeline> pipelines, ConfigPath path) {
        for (Pipeline consumer : pipelines.values()) {
            consumer.contractPins().forEach((producer, range) -> {
                int index = indexOfDependency(producer, consumer.id());
                ConfigPath at = path.key(consumer.id()).key("depends_on").index(index).key("contract");
                Pipeline upstream = pipelines.get(producer);
                if (upstream == null) {
                    return;
                }
                if (upstream.output().isEmpty()) {
                    report(at, "'" + range + "' pins " + producer + "'s output contract, but " + producer
                            + " declares none; add output: {contract: {version, columns}} to " + producer);
                } else if (range.matches("(\\^|~)?[0-9]{1,6}(\\.[0-9]{1,6}){0,2}")
                        && !OutputContract.satisfies(upstream.output().get().version(), range)) {
                    report(at, "contract conflict: " + consumer.id() + " accepts " + producer + " " + range + ", but " + producer
                            + "'s output contract is " + upstream.output().get().version() + "; update the pin once "
                            + consumer.id() + " reads the new output, or keep " + producer + " compatible");
                }
            });
        }
    }

    private int indexOfDependency(String producer, String consumer) {
        JsonNode dependsOn = document.root().path("pipelines").path(consumer).path("depends_on");
        for (int i = 0; i < dependsOn.size(); i++) {
            if (producer.equals(dependsOn.get(i).path("pipeline").asText(null))) {
                return i;
            }
        }
        return 0;
    }

    private Pipeline readPipeline(JsonNode node, ConfigPath path, String id, List<String> dependsOn, boolean dependsOnIsValid,
                                  Set<String> sourceIds, Set<String> pipelineIds) {
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
        List<Input> inputs = readInputs(node.path("inputs"), path.key("inputs"), dependsOn, dependsOnIsValid, sourceIds, pipelineIds);
        Path sql = readSql(node, path.key("sql"), id);
        Resources resources = readResources(node.path("resources"), path.key("resources"));
        int retries = node.path("retries").asInt(2);
        List<Check> checks = checkReader().read(node.path("checks"), path.key("checks"), Optional.empty());
        Optional<EscalationPolicy> escalation = node.has("escalation")
                ? Optional.ofNullable(escalationReader.read(node.path("escalation"), path.key("escalation"))) : Optional.empty();
        if (area == null || name == null || audience == null || purpose == null || owners == null || schedule == null
                || sql == null || resources == null) {
            return null;
        }
        String engine = engine(node, path);
        for (Input input : inputs) {
            Source source = sourcesRead.get(input.name());
            if (input.kind() == Input.Kind.SOURCE && source != null && engine.equals(DUCKDB) && source.remote()) {
                report(ConfigPath.ROOT.key("sources").key(input.name()).key("path"), "source " + input.name() + " is at " + source.path()
                        + ", which only the spark engine reads (DuckDB reads files on this machine), but pipeline " + id + " reads it on duckdb;"
                        + " run " + id + " with engine: spark (docs/scaling.md)");
            }
        }
        return new Pipeline(id, area, name, audience, purpose, owners, needs, dependsOn, schedule, metrics, inputs, sql,
                resources, retries, checks, readOutputContract(node), readPins(node),
                Optional.ofNullable(node.path("openlineage").path("job").textValue()), readRunbook(node.path("runbook"), path.key("runbook")),
                engine, !"manual".equals(node.path("recovery").asText("auto")), escalation);
    }

    private RunbookSettings readRunbook(JsonNode node, ConfigPath path) {
        if (node.isMissingNode()) {
            return RunbookSettings.NONE;
        }
        String by = text(node.path("reviewed"), path.key("reviewed").key("by"));
        if (by != null && !personIds.contains(by)) {
            report(path.key("reviewed").key("by"), "'" + by + "' is not a person in team.people" + Suggestions.didYouMean(by, personIds));
        }
        java.time.LocalDate on = null;
        String onText = node.path("reviewed").path("on").asText(null);
        if (onText != null) {
            try {
                on = java.time.LocalDate.parse(onText);
            } catch (java.time.format.DateTimeParseException e) {
                report(path.key("reviewed").key("on"), "'" + onText + "' is not a day; write 2026-11-01");
            }
        }
        java.time.Duration every = RunbookSettings.DEFAULT_REVIEW_EVERY;
        String everyText = node.path("review_every").asText(null);
        if (everyText != null) {
            try {
                every = Durations.parse(everyText);
            } catch (IllegalArgumentException e) {
                report(path.key("review_every"), "'" + everyText + "' is not a duration; write 90d");
            }
        }
        return new RunbookSettings(Optional.ofNullable(node.path("notes").textValue()), Optional.ofNullable(by), Optional.ofNullable(on), every);
    }

    /** The inputs; a pipeline input must be in depends_on (unless depends_on has its own problem, already reported). */
    private List<Input> readInputs(JsonNode node, ConfigPath path, List<String> dependsOn, boolean dependsOnIsValid,
                                   Set<String> sourceIds, Set<String> pipelineIds) {
        List<Input> inputs = new ArrayList<>();
        node.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            ConfigPath inputPath = path.key(name);
            Input.Kind kind;
            if (sourceIds.contains(name)) {
                kind = Input.Kind.SOURCE;
            } else if (pipelineIds.contains(name)) {
                kind = Input.Kind.PIPELINE;
                if (!dependsOn.contains(name)) {
                    if (dependsOnIsValid) {
                        problems.add(document.problemAtKey(inputPath, "'" + name + "' is a pipeline: list it in depends_on too,"
                                + " so that it runs first"));
                    }
                    return;
                }
            } else {
                List<String> known = new ArrayList<>(sourceIds);
                known.addAll(pipelineIds);
                problems.add(document.problemAtKey(inputPath, "'" + name + "' is neither a source nor a pipeline"
                        + Suggestions.didYouMean(name, known)));
                return;
            }
            String window = entry.getValue().path("window").asText("1d");
            if (!window.matches("[0-9]{1,5}d|all")) {
                return;
            }
            Optional<Integer> days = window.equals("all") ? Optional.empty()
                    : Optional.of(Integer.parseInt(window.substring(0, window.length() - 1)));
            if (days.isPresent() && days.get() == 0) {
                report(inputPath.key("window"), "'0d' reads nothing; write 1d for the run's day, 28d for four weeks, or all");
                return;
            }
            inputs.add(new Input(name, kind, days));
        });
        return inputs;
    }

    /** The pipeline's SQL file, which must exist. */
    private Path readSql(JsonNode node, ConfigPath path, String id) {
        String written = node.path("sql").asText("pipelines/" + id + ".sql");
        Path sql = baseDir().resolve(written).normalize();
        if (!Files.isRegularFile(sql)) {
            report(node.has("sql") ? path : path.parent(), "the SQL file " + written + " does not exist (looked at " + sql
                    + "); write the pipeline's query there, or set sql: to its path");
            return null;
        }
        return sql;
    }

    private Resources readResources(JsonNode node, ConfigPath path) {
        long memory = node.has("memory") && node.get("memory").asText().matches("[0-9]{1,6}(MB|GB)")
                ? Resources.parseMemory(node.get("memory").asText()) : Resources.DEFAULT.memoryBytes();
        int threads = node.path("threads").isInt() && node.get("threads").asInt() > 0 ? node.get("threads").asInt()
                : Resources.DEFAULT.threads();
        Duration timeout = node.has("timeout") ? duration(node, path.key("timeout")) : Resources.DEFAULT.timeout();
        if (timeout == null) {
            return null;
        }
        if (timeout.isZero() || memory == 0) {
            report(timeout.isZero() ? path.key("timeout") : path.key("memory"), "must be more than 0");
            return null;
        }
        return new Resources(memory, threads, timeout);
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
        Schedule.Trigger trigger = "arrival".equals(node.path("trigger").asText("cron")) ? Schedule.Trigger.ARRIVAL : Schedule.Trigger.CRON;
        return cron == null ? null : new Schedule(cronText.strip(), cron, deadline, trigger);
    }
}
