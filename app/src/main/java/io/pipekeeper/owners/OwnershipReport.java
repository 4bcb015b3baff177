package io.pipekeeper.owners;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Who owns what, and whether the load is fair: a row per pipeline, a row per person with
 * {@code load = 2 × primary + secondary}, and warnings for anyone far above the mean or owning nothing.
 */
public record OwnershipReport(List<PipelineOwners> pipelines, List<PersonLoad> people, List<String> warnings) {
    /** A person whose load exceeds the team's mean by more than this share gets a warning. */
    public static final double OVERLOAD_SHARE = 0.5;

    public OwnershipReport {
        pipelines = List.copyOf(pipelines);
        people = List.copyOf(people);
        warnings = List.copyOf(warnings);
    }

    /** One pipeline's owners. */
    public record PipelineOwners(String id, String area, String audience, String primary, String secondary) {
    }

    /** How much one person owns: {@code load = 2 × primary + secondary}. */
    public record PersonLoad(String id, int primary, int secondary, int load) {
        public static PersonLoad of(String id, int primary, int secondary) {
            return new PersonLoad(id, primary, secondary, 2 * primary + secondary);
        }
    }

    public static OwnershipReport of(Catalog catalog) {
        List<PipelineOwners> rows = catalog.pipelines().values().stream()
                .map(p -> new PipelineOwners(p.id(), p.area(), p.audience(), p.owners().primary(), p.owners().secondary()))
                .toList();
        return of(catalog.people(), rows);
    }

    /** The report for any assignment of owners, such as a suggested one. */
    public static OwnershipReport of(List<Person> team, List<PipelineOwners> rows) {
        List<PersonLoad> people = new ArrayList<>();
        for (Person person : team) {
            int primary = (int) rows.stream().filter(r -> r.primary().equals(person.id())).count();
            int secondary = (int) rows.stream().filter(r -> r.secondary().equals(person.id())).count();
            people.add(PersonLoad.of(person.id(), primary, secondary));
        }
        return new OwnershipReport(rows, people, warnings(people));
    }

    private static List<String> warnings(List<PersonLoad> people) {
        List<String> warnings = new ArrayList<>();
        double mean = people.stream().mapToInt(PersonLoad::load).average().orElse(0);
        for (PersonLoad person : people) {
            if (person.load() == 0) {
                warnings.add(person.id() + " owns no pipeline: nobody else learns from them, and they learn no pipeline");
            } else if (person.load() > mean * (1 + OVERLOAD_SHARE)) {
                warnings.add(String.format(Locale.ROOT,
                        "%s carries a load of %d, more than 50%% above the team mean of %.2f; "
                                + "hand a pipeline to someone lighter (see 'pipekeeper owners suggest')",
                        person.id(), person.load(), mean));
            }
        }
        return warnings;
    }

    /** The pipeline ids a person owns as primary. */
    public List<String> primaryOf(String personId) {
        return pipelines.stream().filter(p -> p.primary().equals(personId)).map(PipelineOwners::id).toList();
    }

}
