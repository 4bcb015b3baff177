package io.pipekeeper.config;

import java.util.Optional;

/** A public-holiday calendar: an ISO 3166 country and, optionally, one of its regions (US-NY, DE-BY). */
public record HolidayRegion(String country, Optional<String> region) {
    public static HolidayRegion parse(String code) {
        String[] parts = code.split("-", 2);
        return new HolidayRegion(parts[0].toUpperCase(),
                parts.length == 2 ? Optional.of(parts[1].toUpperCase()) : Optional.empty());
    }

    @Override
    public String toString() {
        return region.map(r -> country + "-" + r).orElse(country);
    }
}
