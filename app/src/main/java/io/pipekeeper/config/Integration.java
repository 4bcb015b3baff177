package io.pipekeeper.config;

import java.util.List;
import java.util.Optional;

/**
 * An outside system whose alerts become signals, at {@code POST /hooks/<name>…}.
 *
 * @param type     {@code alertmanager}, {@code pagerduty} or {@code openlineage}
 * @param secret   as written: a {@code ${env:NAME}} is read from the environment when a request arrives
 * @param pipeline the pipeline its alerts are about, when they do not say (Alertmanager, PagerDuty)
 */
public record Integration(String name, String type, String secret, Optional<String> pipeline) {
    public static final List<String> TYPES = List.of("alertmanager", "pagerduty", "openlineage");
}
