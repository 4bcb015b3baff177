package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.IncidentActions;
import io.pipekeeper.incident.IncidentStore;
import io.pipekeeper.store.Store;
import io.pipekeeper.store.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The signed acknowledge and resolve links: one action, one incident, one person, until a time; nothing else. */
class ActionLinksTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3600);
    private final ActionLinks links = new ActionLinks(Optional.of("https://pipekeeper.example.com/"), "k".repeat(32).getBytes(StandardCharsets.UTF_8));

    private String token(String verb) {
        String url = links.link(verb, 42, "john", EXPIRES).orElseThrow();
        assertThat(url).startsWith("https://pipekeeper.example.com/act/");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void a_link_grants_its_one_action_until_it_expires() {
        assertThat(links.verify(token("ack"), NOW)).contains(new ActionLinks.Action("ack", 42, "john", EXPIRES));
        assertThat(links.verify(token("resolve"), NOW)).map(ActionLinks.Action::verb).contains("resolve");
        assertThat(links.verify(token("ack"), EXPIRES)).as("expired").isEmpty();
    }

    @Test
    void an_altered_or_forged_link_grants_nothing() {
        String token = token("ack");
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        String otherIncident = Base64.getUrlEncoder().withoutPadding().encodeToString(("ack|43|john|" + EXPIRES.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        String resolveInstead = Base64.getUrlEncoder().withoutPadding().encodeToString(("resolve|42|john|" + EXPIRES.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8));
        ActionLinks otherKey = new ActionLinks(Optional.of("https://pipekeeper.example.com"), "x".repeat(32).getBytes(StandardCharsets.UTF_8));

        assertThat(links.verify(otherIncident + "." + signature, NOW)).isEmpty();
        assertThat(links.verify(resolveInstead + "." + signature, NOW)).isEmpty();
        assertThat(otherKey.verify(token, NOW)).isEmpty();
        assertThat(links.verify(payload, NOW)).isEmpty();
        assertThat(links.verify("not a token at all", NOW)).isEmpty();
        assertThat(links.verify(payload + ".%%%", NOW)).isEmpty();
    }

    @Test
    void pages_carry_links_signed_with_the_stores_key_when_base_url_is_set() {
        Catalog catalog = SeedText.load(SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nbase_url: \"http://localhost:8080\"\n"
                + "channels:\n  email:\n    smtp: {host: 127.0.0.1, port: 2525, security: none}\n    from: \"pipekeeper <p@example.com>\"\n\n"));
        try (Store store = Store.open(TestDatabases.freshH2())) {
            new IncidentActions(catalog, new IncidentStore(store.jdbi())).open("numbers look wrong", "major", "aggregate_growth", "michael", NOW);
            String body = new Outbox(store.jdbi()).all().get(0).body();
            Matcher ack = Pattern.compile("Acknowledge as john: http://localhost:8080/act/(\\S+)").matcher(body);
            assertThat(ack.find()).as(body).isTrue();
            ActionLinks stored = store.jdbi().withHandle(handle -> ActionLinks.load(handle, catalog.baseUrl()));
            assertThat(stored.verify(ack.group(1), NOW)).map(ActionLinks.Action::verb).contains("ack");
            assertThat(body).contains("Resolve as john:");
        }
    }
}
