package io.pipekeeper.oncall;

import java.time.LocalDate;

/** A day off: a public holiday on the day it is observed, or a company day. */
public record Holiday(LocalDate date, String name) {
}
