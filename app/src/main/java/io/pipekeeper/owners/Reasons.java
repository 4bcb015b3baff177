package io.pipekeeper.owners;

import io.pipekeeper.config.Pipeline;
import java.util.List;

/** One sentence that says why a pipeline's proposed owners were picked. */
final class Reasons {
    private Reasons() {
    }

    static String of(Pipeline pipeline, Ownership ownership) {
        Candidate primary = ownership.getPrimary();
        Candidate secondary = ownership.getSecondary();
        List<String> needs = pipeline.needs();
        List<String> primaryHas = needs.stream().filter(primary.skills()::contains).toList();
        List<String> covers = needs.stream()
                .filter(n -> !primary.skills().contains(n) && secondary.skills().contains(n)).toList();
        List<String> learns = needs.stream()
                .filter(n -> primary.skills().contains(n) && !secondary.skills().contains(n)).toList();
        List<String> nobody = needs.stream()
                .filter(n -> !primary.skills().contains(n) && !secondary.skills().contains(n)).toList();

        StringBuilder reason = new StringBuilder();
        if (needs.isEmpty()) {
            reason.append(primary.id()).append(" and ").append(secondary.id()).append(" balance the load (the pipeline lists no needs)");
        } else {
            reason.append(primary.id()).append(primaryHas.size() == needs.size()
                    ? " has all " + needs.size() + " of its needs"
                    : " has " + primaryHas.size() + " of its " + needs.size() + " needs" + list(primaryHas));
            if (!covers.isEmpty()) {
                reason.append("; ").append(secondary.id()).append(" covers ").append(String.join(", ", covers));
            }
            if (!learns.isEmpty()) {
                reason.append(covers.isEmpty() ? "; " : " and ").append(covers.isEmpty() ? secondary.id() + " " : "")
                        .append("learns ").append(String.join(", ", learns)).append(" from ").append(primary.id());
            }
            if (covers.isEmpty() && learns.isEmpty()) {
                reason.append("; ").append(secondary.id()).append(" has the same needs covered and can take over");
            }
            if (!nobody.isEmpty()) {
                reason.append("; nobody of the two has ").append(String.join(", ", nobody)).append(" (train someone)");
            }
        }
        reason.append(ownership.changedRoles() == 0 ? "; unchanged"
                : "; today " + pipeline.owners().primary() + "/" + pipeline.owners().secondary());
        return reason.append('.').toString();
    }

    private static String list(List<String> skills) {
        return skills.isEmpty() ? "" : " (" + String.join(", ", skills) + ")";
    }

}
