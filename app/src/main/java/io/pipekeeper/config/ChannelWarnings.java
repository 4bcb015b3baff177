package io.pipekeeper.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a valid configuration still gets wrong about reaching people: an escalation step that pages by a channel
 * with no settings (it reaches nobody that way), and a person no configured channel of the policy can reach.
 * {@code validate} prints these as warnings; they do not stop pipekeeper.
 */
final class ChannelWarnings {
    private static final Map<String, String> SETTINGS = Map.of("email", "channels.email with an SMTP server and a from address",
            "phone", "channels.phone with Twilio's account", "sms", "channels.phone with Twilio's account",
            "voice", "channels.phone with Twilio's account", "slack", "channels.slack with an incoming webhook or an app",
            "webhook", "channels.webhook", "teams", "channels.teams with a workflow's URL");

    private ChannelWarnings() {
    }

    static List<ConfigProblem> of(Catalog catalog, YamlDocument document) {
        boolean written = document.root().path("oncall").has("escalation");
        Map<String, List<ConfigPath>> unconfigured = new LinkedHashMap<>();
        Map<ConfigPath, EscalationPolicy> policies = new LinkedHashMap<>();
        Map<ConfigPath, Boolean> mappings = new LinkedHashMap<>(); // a policy written as {steps: [...], repeat: N} has its steps one level down
        ConfigPath team = ConfigPath.ROOT.key("oncall").key("escalation");
        policies.put(team, catalog.oncall().escalation());
        mappings.put(team, document.root().path("oncall").path("escalation").isObject());
        for (Pipeline p : catalog.pipelines().values()) {
            ConfigPath own = ConfigPath.ROOT.key("pipelines").key(p.id()).key("escalation");
            p.escalation().ifPresent(policy -> policies.put(own, policy));
            mappings.put(own, document.root().path("pipelines").path(p.id()).path("escalation").isObject());
        }
        policies.forEach((at, policy) -> {
            ConfigPath steps = mappings.get(at) ? at.key("steps") : at;
            for (int i = 0; i < policy.steps().size(); i++) {
                List<String> via = policy.steps().get(i).via();
                for (int j = 0; j < via.size(); j++) {
                    if (!configured(catalog, via.get(j))) {
                        unconfigured.computeIfAbsent(via.get(j), c -> new ArrayList<>()).add(steps.index(i).key("via").index(j));
                    }
                }
            }
        });
        List<ConfigProblem> warnings = new ArrayList<>();
        unconfigured.forEach((channel, uses) -> warnings.add(document.problemAt(written ? uses.get(0) : ConfigPath.ROOT.key("oncall"),
                "'" + channel + "' is not configured: " + uses.size() + " escalation step(s)" + (written ? "" : " of the default policy")
                        + " page by it and reach nobody that way; add " + SETTINGS.get(channel) + " (docs/paging.md), or take "
                        + channel + " out of via")));
        boolean email = usedAndConfigured(catalog, "email");
        boolean phone = usedAndConfigured(catalog, "phone") || usedAndConfigured(catalog, "sms") || usedAndConfigured(catalog, "voice");
        if (email || phone) {
            List<Person> people = catalog.people();
            for (int i = 0; i < people.size(); i++) {
                Person person = people.get(i);
                if (!email && person.phone().isEmpty()) {
                    warnings.add(document.problemAt(ConfigPath.ROOT.key("team").key("people").index(i), person.id()
                            + " has no phone, and the phone is the only configured way the escalation pages people: no page reaches "
                            + person.id() + "; add a phone, or configure channels.email"));
                }
            }
        }
        warnings.sort(ConfigProblem.BY_POSITION);
        return warnings;
    }

    private static boolean usedAndConfigured(Catalog catalog, String channel) {
        return configured(catalog, channel) && catalog.policies().stream().flatMap(policy -> policy.steps().stream())
                .anyMatch(step -> step.via().contains(channel));
    }

    private static boolean configured(Catalog catalog, String channel) {
        Optional<?> settings = switch (channel) {
            case "email" -> catalog.email();
            case "phone", "sms", "voice" -> catalog.phone();
            case "slack" -> catalog.slack();
            case "webhook" -> catalog.webhook();
            case "teams" -> catalog.teams();
            default -> Optional.of(channel); // an unknown channel is a problem the schema reports
        };
        return settings.isPresent();
    }
}
