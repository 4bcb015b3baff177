package io.pipekeeper.config;

import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The people who keep the pipelines, and where they work.
 *
 * @param holidays public-holiday calendar, when the team follows one
 */
public record Team(String name, ZoneId timezone, Optional<HolidayRegion> holidays, List<Person> people, Optional<WorkingHours> workingHours) {
    public Team {
        people = List.copyOf(people);
    }

    public Team(String name, ZoneId timezone, Optional<HolidayRegion> holidays, List<Person> people) {
        this(name, timezone, holidays, people, Optional.empty());
    }

    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<String> personIds() {
        return people.stream().map(Person::id).toList();
    }
}
