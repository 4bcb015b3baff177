package io.pipekeeper.config;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Checks a {@code team.holidays} code against the calendars that Jollyday knows. */
final class HolidayCodes {
    private HolidayCodes() {
    }

    /** Empty when the code names a known country and, if given, one of its regions; else why not. */
    static Optional<String> problemWith(HolidayRegion code) {
        Set<String> countries = new TreeSet<>();
        HolidayManager.getSupportedCalendarCodes().forEach(c -> countries.add(c.toUpperCase(Locale.ROOT)));
        if (!countries.contains(code.country())) {
            return Optional.of("'" + code + "' is not a country with a holiday calendar"
                    + Suggestions.didYouMean(code.country(), countries)
                    + "; write an ISO 3166 code such as US, GB, DE, optionally with a region (US-NY, DE-BY)");
        }
        if (code.region().isEmpty()) {
            return Optional.empty();
        }
        Set<String> regions = new TreeSet<>();
        HolidayManager.getInstance(ManagerParameters.create(code.country().toLowerCase(Locale.ROOT)))
                .getCalendarHierarchy().getChildren().keySet()
                .forEach(r -> regions.add(r.toUpperCase(Locale.ROOT)));
        String region = code.region().get();
        if (regions.contains(region)) {
            return Optional.empty();
        }
        if (regions.isEmpty()) {
            return Optional.of("'" + code + "': " + code.country() + " has no regional holiday calendars; write " + code.country());
        }
        return Optional.of("'" + code + "': '" + region + "' is not a region of " + code.country()
                + Suggestions.didYouMean(region, regions) + " (regions: " + String.join(", ", regions) + ")");
    }
}
