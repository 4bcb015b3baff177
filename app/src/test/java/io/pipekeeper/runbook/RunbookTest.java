package io.pipekeeper.runbook;

import io.pipekeeper.signal.PendingSignal;
import io.pipekeeper.signal.Kind;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.App;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import io.pipekeeper.incident.PageTexts;
import io.pipekeeper.signal.Signal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runbooks read back with a real CommonMark parser: every section for every seed pipeline, true to the configuration. */
class RunbookTest {
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    @TempDir
    Path dir;

    private App app(String text) {
        return new App(new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml"), Map.of());
    }

    private static List<String> headings(Node document, int level) {
        List<String> found = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                if (heading.getLevel() == level) {
                    found.add(text(heading));
                }
            }
        });
        return found;
    }

    private static String text(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }
        });
        return text.toString();
    }

    /** The rows of the first table after the SLAs heading, each as its cells' text. */
    private static List<List<String>> slaTable(Node document) {
        List<List<String>> rows = new ArrayList<>();
        boolean[] inSlas = {false};
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading heading && heading.getLevel() == 2) {
                inSlas[0] = text(heading).equals("SLAs");
            } else if (inSlas[0] && node instanceof TableBlock table) {
                table.accept(new AbstractVisitor() {
                    @Override
                    public void visit(CustomBlock block) {
                        visitChildren(block);
                    }

                    @Override
                    public void visit(org.commonmark.node.CustomNode custom) {
                        if (custom instanceof org.commonmark.ext.gfm.tables.TableRow row) {
                            List<String> cells = new ArrayList<>();
                            for (Node cell = row.getFirstChild(); cell != null; cell = cell.getNext()) {
                                if (cell instanceof TableCell) {
                                    cells.add(text(cell));
                                }
                            }
                            rows.add(cells);
                        } else {
                            visitChildren(custom);
                        }
                    }
                });
                return rows;
            }
        }
        return rows;
    }

    @Test
    void every_seed_pipeline_has_every_section_in_order_and_the_sla_table_of_the_configuration() {
        try (App app = app(SeedText.text())) {
            for (String pipeline : app.catalog().pipelines().keySet()) {
                Node document = PARSER.parse(app.runbooks().markdown(pipeline, NOW));
                assertThat(headings(document, 1)).as(pipeline).singleElement().asString().startsWith("Runbook: ");
                assertThat(headings(document, 2)).as(pipeline).containsExactlyElementsOf(Runbook.SECTIONS);
                assertThat(headings(document, 3)).as(pipeline).contains("Notification", "Assessment", "Resolution",
                        "Pipeline failures: the run crashes, errors or is blocked", "Security: unauthorized access to data or metrics, leaks");
                assertThat(slaTable(document)).as(pipeline).containsExactly(List.of("severity", "respond within", "resolve within"),
                        List.of("critical", "1 hour", "4 hours"), List.of("major", "2 hours", "8 hours"), List.of("minor", "4 hours", "1 day"));
            }
        }
    }

    @Test
    void a_changed_cron_owner_or_note_changes_the_runbook() {
        String before;
        try (App app = app(SeedText.text())) {
            before = app.runbooks().markdown("aggregate_profit", NOW);
        }
        assertThat(before).contains("Runs at 06:00 (`0 6 * * *`) in America/New_York",
                "Next run: Thu 2026-12-03 06:00 EST (`pipekeeper pipelines next aggregate_profit`).", "Primary: **Emily (`emily`)**",
                "never publish a partial day", "Last reviewed on 2026-11-01 by Emily (`emily`); the next review is due on 2027-01-30.");
        String text = SeedText.replace(SeedText.text(), "      primary: emily\n      secondary: john\n      why:\n        emily: has expertise in financial",
                "      primary: david\n      secondary: john\n      why:\n        david: has expertise in financial");
        text = SeedText.replace(text, "missed.\n    schedule: {cron: \"0 6 * * *\"", "missed.\n    schedule: {cron: \"30 6 * * *\"");
        try (App app = app(text)) {
            String after = app.runbooks().markdown("aggregate_profit", NOW);
            assertThat(after).contains("Runs at 06:30 (`30 6 * * *`)", "Next run: Thu 2026-12-03 06:30 EST", "Primary: **David (`david`)**").doesNotContain("Primary: **Emily");
        }
    }

    @Test
    void a_page_for_a_failed_check_carries_that_checks_entry_and_a_stale_runbook_tells_its_owner_once() {
        try (App app = app(SeedText.text())) {
            app.signalStore().raise(new PendingSignal(Kind.CHECK_FAILED, "orders", LocalDate.of(2026, 12, 1),
                    "orders: not_null(user_id) failed", Map.of("check", "not_null(user_id)")), NOW);
            app.incidentLoop().runOnce(NOW);
            Incident incident = app.incidentStore().list(true).get(0);
            String body = PageTexts.body(app.catalog(), incident, List.of(), List.of("john"));
            assertThat(body).contains("From the runbook, not_null(order_id, user_id, ordered_at, product_id, quantity, unit_price, currency) on source orders:",
                    "- Symptom: values are missing in order_id, user_id",
                    "- Look at 1: ", "What to do: acknowledge first", "Runbook: pipekeeper runbook unit_profit");

            assertThat(app.runbookReviews().raiseStale(app.signalStore(), NOW)).as("four runbooks were never reviewed").isEqualTo(4);
            assertThat(app.runbookReviews().raiseStale(app.signalStore(), NOW.plusSeconds(3600))).as("once").isZero();
            assertThat(app.runbookReviews().raiseStale(app.signalStore(), Instant.parse("2027-02-01T15:00:00Z")))
                    .as("aggregate_profit fell due on 2027-01-30").isEqualTo(1);
            List<Signal> stale = app.signalStore().all().stream().filter(s -> s.kind() == Kind.RUNBOOK_STALE).toList();
            assertThat(stale).filteredOn(s -> s.subject().equals("aggregate_profit")).singleElement()
                    .satisfies(s -> assertThat(s.detail()).contains("emily, please review it"));
            app.incidentLoop().runOnce(NOW);
            assertThat(app.incidentStore().list(true)).filteredOn(i -> i.kind().equals(Kind.RUNBOOK_STALE.text()))
                    .hasSize(5).allSatisfy(i -> {
                        assertThat(i.severity()).isEqualTo("minor");
                        assertThat(app.incidentStore().timeline(i.id())).extracting(Incident.Event::text)
                                .anySatisfy(t -> assertThat(t).contains("the primary owner").endsWith("no escalation"));
                    });
            List<String> timers = app.store().jdbi().withHandle(h -> h.createQuery("SELECT task_instance FROM scheduled_tasks WHERE task_name = 'escalate'")
                    .mapTo(String.class).list());
            assertThat(timers).as("the later steps of the failed check only; none for reviews")
                    .allSatisfy(t -> assertThat(t).startsWith(incident.id() + ":")).hasSize(2);

            app.runbookReviews().record("unit_profit", "john", LocalDate.of(2026, 12, 2), NOW);
            assertThat(app.runbooks().review("unit_profit")).hasValueSatisfying(r -> assertThat(r.due()).isEqualTo(LocalDate.of(2027, 3, 2)));
            assertThat(app.runbooks().html("unit_profit", NOW)).contains("<h2>What can go wrong</h2>", "<table>", "Last reviewed on 2026-12-02");
        }
    }

    @Test
    void a_stale_runbook_mails_its_owner_once_and_its_breached_slas_tell_nobody() {
        io.pipekeeper.config.Catalog catalog = new ConfigLoader().load(SeedText.writeTo(dir, SeedText.text()), "pipekeeper.yaml")
                .withOnlyEmail(new io.pipekeeper.config.EmailSettings("127.0.0.1", 2525, "none", java.util.Optional.empty(),
                        java.util.Optional.empty(), "pipekeeper@example.com"));
        try (App app = new App(catalog, Map.of())) {
            app.runbookReviews().raiseStale(app.signalStore(), NOW);
            app.incidentLoop().runOnce(NOW);
            app.incidentLoop().runOnce(NOW.plus(java.time.Duration.ofDays(2))); // past the minor 4 h respond and 24 h resolve SLAs

            List<io.pipekeeper.notify.Outbox.Page> pages = new io.pipekeeper.notify.Outbox(app.store().jdbi()).all();
            assertThat(pages).as("four runbooks never reviewed").hasSize(4).allSatisfy(page -> {
                assertThat(page.notice()).as("the review mail, no breach notice").isEqualTo(io.pipekeeper.notify.Notice.PAGE);
                assertThat(page.via()).isEqualTo(io.pipekeeper.notify.Via.EMAIL);
            });
            for (Incident incident : app.incidentStore().list(true)) {
                assertThat(app.incidentStore().timeline(incident.id())).extracting(Incident.Event::text)
                        .filteredOn(t -> t.contains("SLA breached")).hasSize(2)
                        .allSatisfy(t -> assertThat(t).endsWith("nobody is told: runbook stale incidents do not escalate"));
            }
        }
    }
}
