package io.pipekeeper.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The schedule as an RFC 5545 calendar (ical4j), for Google, Outlook and Apple calendars: one event per
 * person per segment ("primary on call"), in the team's zone with its VTIMEZONE written out, and the
 * segment's holidays in the description.
 */
public final class CalendarFeed {
    private static final TimeZoneRegistry TIME_ZONES = TimeZoneRegistryFactory.getInstance().createRegistry();

    private CalendarFeed() {
    }

    /**
     * @param person only this person's events, when present
     * @param stamp  the DTSTAMP of every event: when the feed was made
     */
    public static String of(Roster roster, List<Segment> segments, Optional<String> person, String teamName, Instant stamp) {
        ZoneId zone = roster.zone();
        TimeZone timeZone = TIME_ZONES.getTimeZone(zone.getId());
        Calendar calendar = new Calendar()
                .withProdId("-//pipekeeper//on call " + teamName + "//EN")
                .withDefaults()
                .getFluentTarget();
        calendar.add(timeZone.getVTimeZone());
        for (Segment segment : segments) {
            String holidays = holidayText(roster, segment);
            for (Role role : Role.values()) {
                Optional<String> holder = segment.holder(role);
                if (holder.isEmpty() || person.isPresent() && !person.get().equals(holder.get())) {
                    continue;
                }
                ZonedDateTime start = segment.start().atZone(zone);
                ZonedDateTime end = segment.end().atZone(zone);
                VEvent event = new VEvent(start, end, holder.get() + ": " + role.text() + " on call (" + teamName + ")");
                event.add(new Uid(holder.get() + "-" + role.text() + "-" + segment.start().getEpochSecond() + "@pipekeeper"));
                event.replace(new DtStamp(stamp));
                StringBuilder description = new StringBuilder(role.text() + " on call: " + holder.get());
                segment.holder(role.other()).ifPresent(other -> description.append("; ").append(role.other().text()).append(": ").append(other));
                description.append(". Source: ").append(segment.source().text()).append('.');
                if (!segment.reasons().isEmpty()) {
                    description.append(' ').append(String.join("; ", segment.reasons())).append('.');
                }
                if (!holidays.isEmpty()) {
                    description.append(" Holidays: ").append(holidays).append('.');
                }
                event.add(new Description(description.toString()));
                calendar.add(event);
            }
        }
        StringWriter out = new StringWriter();
        try {
            new CalendarOutputter(true).output(calendar, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The holidays the segment's primary keeps in it (a day belongs to whoever is on call at its noon), "2026-12-25 Christmas". */
    static String holidayText(Roster roster, Segment segment) {
        return String.join(", ", holidaysIn(roster, segment).stream().map(h -> h.date() + " " + h.name()).toList());
    }

    public static List<Holiday> holidaysIn(Roster roster, Segment segment) {
        ZoneId zone = roster.zone();
        List<Holiday> found = new ArrayList<>();
        LocalDate first = segment.start().atZone(zone).toLocalDate();
        LocalDate last = segment.end().atZone(zone).toLocalDate();
        HolidayCalendar calendar = segment.primary().map(roster::holidaysOf).orElse(roster.holidays());
        for (Holiday holiday : calendar.between(first, last)) {
            Instant noon = holiday.date().atTime(LocalTime.NOON).atZone(zone).toInstant();
            if (!noon.isBefore(segment.start()) && noon.isBefore(segment.end())) {
                found.add(holiday);
            }
        }
        return found;
    }
}
