package io.pipekeeper.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an escalation policy, the team's ({@code oncall.escalation}) or a pipeline's own, written as a list of
 * steps or as {@code {steps: [...], repeat: N}}, and checks it against every severity's respond SLA: steps in the
 * order they fire, none past the SLA, every target a role, a person or the team.
 */
final class EscalationReader extends SectionReader {
    /** A step fires at most at the respond SLA; later pages are rounds of the policy ({@code repeat}). */
    static final int MOST_PERCENT = 100;

    private final Map<String, Sla> severities;

    EscalationReader(YamlDocument document, List<ConfigProblem> problems, Set<String> personIds, Map<String, Sla> severities) {
        super(document, problems, personIds);
        this.severities = new LinkedHashMap<>(severities); // most severe first, as written: errors name the first that breaks
    }

    /** Without a policy: the seed's — the primary at once, the secondary at half the respond SLA, the owners at the SLA. */
    static EscalationPolicy seeds() {
        List<String> both = List.of("email", "phone");
        return new EscalationPolicy(List.of(
                new EscalationStep(EscalationStep.Delay.parse("0m"), List.of(EscalationTarget.of(EscalationTarget.Kind.PRIMARY)), both),
                new EscalationStep(EscalationStep.Delay.parse("50%"), List.of(EscalationTarget.of(EscalationTarget.Kind.SECONDARY)), both),
                new EscalationStep(EscalationStep.Delay.parse("100%"), List.of(EscalationTarget.of(EscalationTarget.Kind.OWNER_PRIMARY),
                        EscalationTarget.of(EscalationTarget.Kind.OWNER_SECONDARY)), both)), 0);
    }

    /** The policy at {@code path}; null when it has a problem (reported) or is not there. */
    EscalationPolicy read(JsonNode node, ConfigPath path) {
        boolean mapping = node.isObject();
        JsonNode stepsNode = mapping ? node.path("steps") : node;
        ConfigPath stepsPath = mapping ? path.key("steps") : path;
        int before = problems.size();
        List<EscalationStep> steps = forEachItem(stepsNode, stepsPath, this::readStep);
        if (problems.size() > before || steps.isEmpty() || steps.size() != stepsNode.size()) {
            return null; // the schema reports an empty or malformed list
        }
        checkOrder(steps, stepsPath);
        return problems.size() > before ? null : new EscalationPolicy(steps, node.path("repeat").asInt(0),
                node.path("breach_notices").asBoolean(true));
    }

    private EscalationStep readStep(JsonNode node, ConfigPath path) {
        String after = text(node, path.key("after"));
        List<EscalationTarget> targets = new ArrayList<>();
        List<String> notify = texts(node.path("notify"), path.key("notify"));
        List<String> via = texts(node.path("via"), path.key("via"));
        for (int i = 0; i < notify.size(); i++) {
            String word = notify.get(i);
            List<EscalationTarget> named = EscalationTarget.parse(word, personIds);
            if (named.isEmpty()) {
                List<String> known = new ArrayList<>(EscalationTarget.WORDS);
                personIds.forEach(id -> known.add("person:" + id));
                report(path.key("notify").index(i), "'" + word + "' is neither a role (" + String.join(", ", EscalationTarget.WORDS)
                        + ") nor a person in team.people" + Suggestions.didYouMean(word, known));
            } else if (named.get(0).kind() == EscalationTarget.Kind.TEAM && via.stream().noneMatch(EscalationStep.TEAM_CHANNELS::contains)) {
                report(path.key("notify").index(i), "'team' is reached by the team's chat channels: add slack, teams or webhook to via");
            }
            targets.addAll(named);
        }
        if (after == null || !after.matches("[0-9]{1,6}(s|m|h|d|w)|[0-9]{1,4}%")) {
            return null; // the schema reports its form
        }
        EscalationStep.Delay delay = EscalationStep.Delay.parse(after);
        if (delay instanceof EscalationStep.PercentOfRespond percent && percent.percent() > MOST_PERCENT) {
            report(path.key("after"), "'" + after + "' is past the respond SLA; a step fires at most at " + MOST_PERCENT
                    + "% of it: write a duration, or page again with repeat: N");
            return null;
        }
        return new EscalationStep(delay, targets, via);
    }

    /**
     * A later step must not fire before an earlier one, for any severity (percentages depend on the SLA). Of two steps
     * out of order, the later one is blamed, unless the earlier one is later than the step after next too.
     */
    private void checkOrder(List<EscalationStep> steps, ConfigPath path) {
        for (int i = 1; i < steps.size(); i++) {
            for (Map.Entry<String, Sla> severity : severities.entrySet()) {
                Sla sla = severity.getValue();
                Duration earlier = steps.get(i - 1).after().of(sla);
                Duration later = steps.get(i).after().of(sla);
                if (later.compareTo(earlier) >= 0) {
                    continue;
                }
                if (i + 1 < steps.size() && earlier.compareTo(steps.get(i + 1).after().of(sla)) > 0) {
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
}
