package io.pipekeeper.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/** {@code --from DATE --to DATE}, both inclusive, for the reports that cover a stretch of days. */
final class DateRange {
    @Option(names = "--from", paramLabel = "DATE", description = "First day (default: today).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last day, inclusive (default: a span that suits the command).")
    String to;

    /** The first and last day: --from (default {@code today}, in the team's zone), --to (default {@code days} on). */
    LocalDate[] resolve(LocalDate today, int days) {
        LocalDate first = from == null ? today : Times.date("--from", from);
        LocalDate last = to == null ? first.plusDays(days - 1L) : Times.date("--to", to);
        return forward(first, last);
    }

    /** The days {@code --from} to {@code --to} as given; one that is absent is {@code days} before or after the other. */
    static LocalDate[] resolveBack(String from, String to, LocalDate today, int days) {
        LocalDate last = to == null ? today : Times.date("--to", to);
        LocalDate first = from == null ? last.minusDays(days - 1L) : Times.date("--from", from);
        return forward(first, last);
    }

    private static LocalDate[] forward(LocalDate first, LocalDate last) {
        if (last.isBefore(first)) {
            throw new BadInputException("--to: '" + last + "' is before --from ('" + first + "'); the range runs forward");
        }
        return new LocalDate[] {first, last};
    }

    /** --since DATE, which must not be after the range's first day; the first day when absent. */
    static LocalDate ledgerStart(String since, LocalDate first) {
        LocalDate start = since == null ? first : Times.date("--since", since);
        if (start.isAfter(first)) {
            throw new BadInputException("--since: '" + start + "' is after --from ('" + first + "'); the ledger starts earlier");
        }
        return start;
    }
}
