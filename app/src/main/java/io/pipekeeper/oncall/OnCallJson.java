package io.pipekeeper.oncall;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of on-call answers: instants in UTC ISO form, people by id, holidays by date and name. */
public final class OnCallJson {
    private OnCallJson() {
    }

    public static Map<String, Object> now(Roster roster, Assignment assignment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", assignment.at().toString());
        json.put("primary", assignment.primary().orElse(null));
        json.put("secondary", assignment.secondary().orElse(null));
        json.put("source", assignment.source().text());
        json.put("shift", assignment.shift().map(OnCallJson::shift).orElse(null));
        LocalDate today = assignment.at().atZone(roster.zone()).toLocalDate();
        json.put("holiday", roster.holidayOn(assignment.primary(), today).map(Holiday::name).orElse(null));
        json.put("reasons", assignment.reasons());
        return json;
    }

    public static Map<String, Object> shift(Shift shift) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("index", shift.index());
        json.put("start", shift.start().toString());
        json.put("end", shift.end().toString());
        return json;
    }

    public static Map<String, Object> segment(Roster roster, Segment segment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start", segment.start().toString());
        json.put("end", segment.end().toString());
        json.put("primary", segment.primary().orElse(null));
        json.put("secondary", segment.secondary().orElse(null));
        json.put("source", segment.source().text());
        json.put("holidays", holidays(CalendarFeed.holidaysIn(roster, segment)));
        json.put("reasons", segment.reasons());
        return json;
    }

    public static List<Map<String, Object>> holidays(List<Holiday> holidays) {
        return holidays.stream().map(h -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("date", h.date().toString());
            json.put("name", h.name());
            return json;
        }).toList();
    }
}
