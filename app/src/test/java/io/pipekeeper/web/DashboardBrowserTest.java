package io.pipekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pipekeeper.App;
import io.pipekeeper.access.Role;
import io.pipekeeper.access.Sessions;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import io.pipekeeper.incident.Incident;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's chromedriver
 * (CI installs both; without them this test is skipped). Log in with a one-time link, see the overview, open an
 * incident, acknowledge it, see the timeline change, open the on-call calendar; screenshots go to
 * {@code target/screenshots/}.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Instant NOW = Instant.parse("2026-12-02T15:00:00Z");

    @TempDir
    static Path dir;
    private static App app;
    private static WebServer server;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        String text = SeedText.replace(SeedText.text(), "version: 1\n\n", "version: 1\n\nstatus_pages:\n"
                + "  investors: {public: true, title: \"Metrics for our investors\"}\n\n");
        app = new App(new ConfigLoader().load(SeedText.writeTo(dir, text), "pipekeeper.yaml"), Map.of());
        server = WebServer.start(app, "127.0.0.1", 0, () -> Optional.of(NOW), () -> NOW);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium-"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(),
                options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
            app.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Waits until the element's text holds {@code text}: after a click the old page may still be there for a moment. */
    private static void waitFor(String id, String text) {
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(By.id(id)).getText().contains(text));
    }

    private static void screenshot(String name) throws Exception {
        Path folder = Path.of("target", "screenshots");
        Files.createDirectories(folder);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), folder.resolve(name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void a_responder_logs_in_sees_the_overview_acknowledges_an_incident_and_opens_the_calendar() throws Exception {
        Incident incident = app.incidentActions().open("investors see no growth numbers", "critical", "aggregate_growth", "michael", NOW);

        browser.get(base() + "/");
        assertThat(browser.getCurrentUrl()).as("anonymous: sent to the login page").endsWith("/login");
        assertThat(browser.getPageSource()).contains("pipekeeper login --person YOU");

        String link = new Sessions(app.store().jdbi()).loginLink("john", Role.RESPONDER, List.of(), NOW);
        browser.get(base() + "/login/" + link);
        assertThat(browser.getPageSource()).as("opening the link uses nothing up").contains("Log in as john (responder)");
        browser.findElement(By.tagName("button")).click();
        waitFor("oncall", "john");
        assertThat(browser.getCurrentUrl()).isEqualTo(base() + "/");
        assertThat(browser.findElement(By.id("oncall")).getText()).contains("john", "emily");
        assertThat(browser.findElement(By.id("incidents")).getText()).contains("investors see no growth numbers", "critical");
        assertThat(browser.findElement(By.id("pipelines")).getText()).contains("Aggregate growth", "never run", "review due");
        screenshot("overview");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("incidents")).isDisplayed()).as("readable on a phone").isTrue();
        screenshot("overview-phone");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("scope"))).selectByValue("daily_growth");
        browser.findElement(By.name("reason")).sendKeys("backfill of November");
        browser.findElement(By.xpath("//button[text()='Start maintenance']")).click();
        waitFor("maintenance", "backfill of November");
        assertThat(browser.findElement(By.id("maintenance")).getText()).contains("daily_growth", "john");
        browser.findElement(By.xpath("//button[text()='End now']")).click();
        waitFor("oncall", "john");
        assertThat(browser.findElements(By.id("maintenance"))).as("the window ended").isEmpty();

        browser.findElement(By.linkText("investors see no growth numbers")).click();
        waitFor("status", "triggered");
        screenshot("incident-before");
        browser.findElement(By.id("ack")).click();
        waitFor("status", "acknowledged");
        assertThat(browser.getCurrentUrl()).endsWith("/incidents/" + incident.id());
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("acknowledged");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("acknowledged by john");
        assertThat(browser.findElements(By.id("ack"))).as("nothing left to acknowledge").isEmpty();
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("severity"))).selectByValue("major");
        browser.findElement(By.name("reason")).sendKeys("only the dashboard is late");
        browser.findElement(By.xpath("//button[text()='Change severity']")).click();
        waitFor("timeline", "severity critical → major by john: only the dashboard is late");
        screenshot("incident-acknowledged");
        assertThat(app.incidentStore().find(incident.id()).orElseThrow().acknowledgedBy()).contains("john");

        Incident sameCause = app.incidentActions().open("growth dashboard blank", "minor", "daily_growth", "emily", NOW);
        browser.navigate().refresh();
        browser.findElement(By.id("merge-from")).sendKeys(String.valueOf(sameCause.id()));
        browser.findElement(By.id("merge")).click();
        waitFor("impacts", "daily_growth — growth dashboard blank");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("#" + sameCause.id() + " (daily_growth manual) merged in: merged by john");
        screenshot("incident-merged");
        assertThat(app.incidentStore().find(sameCause.id()).orElseThrow().mergedInto()).contains(incident.id());

        browser.findElement(By.linkText("Noise")).click();
        waitFor("headline", "incident");
        assertThat(browser.findElement(By.id("causes")).getText()).contains("#" + incident.id(), "#" + sameCause.id());
        screenshot("noise");

        browser.get(base() + "/pipelines/aggregate_growth");
        assertThat(browser.findElement(By.id("forecast")).getText()).contains("fit their window");
        assertThat(browser.findElement(By.id("metric")).getText()).contains("reports to investors");
        screenshot("pipeline");
        browser.findElement(By.id("runbook")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("/runbooks/"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Runbook: Aggregate growth (aggregate_growth)");
        assertThat(browser.getPageSource()).contains("What can go wrong", "On-call procedure");
        screenshot("runbook");
        browser.navigate().back();
        waitFor("forecast", "fit their window");

        browser.findElement(By.linkText("On call")).click();
        waitFor("calendar", "john");
        assertThat(browser.findElement(By.id("calendar")).getText()).contains("john", "emily");
        browser.get(base() + "/oncall?month=2026-12");
        assertThat(browser.findElement(By.id("calendar")).getText()).contains("Christmas");
        assertThat(browser.findElement(By.id("fairness")).getText()).contains("john", "emily", "michael", "david");
        screenshot("oncall-december");
        assertThat(new File("target/screenshots/overview.png")).isFile();
    }

    @Test
    void anyone_reads_the_investors_status_page_in_plain_words_and_the_experiments_one_needs_a_login() throws Exception {
        Incident incident = app.incidentActions().open("unit_price renamed by the vendor; john is on it", "critical", "aggregate_profit", "emily", NOW);
        browser.manage().deleteAllCookies();
        browser.get(base() + "/status/investors");
        assertThat(browser.getTitle()).isEqualTo("Metrics for our investors");
        assertThat(browser.findElement(By.id("headline")).getText()).isEqualTo("Some metrics are under investigation.");
        assertThat(browser.findElement(By.id("metrics")).getText()).contains("Aggregate profit under investigation none yet",
                "Aggregate engagement late none yet");
        assertThat(browser.findElement(By.id("notices")).getText()).contains("Aggregate profit: a problem is being looked into, since");
        assertThat(browser.getPageSource()).as("no people, no internal words").doesNotContain("john", "emily", "unit_price", "vendor");
        assertThat(browser.findElements(By.cssSelector("#strip span"))).hasSize(30);
        assertThat(browser.findElement(By.cssSelector("#strip span:last-child")).getAttribute("class")).isEqualTo("incident");
        screenshot("status-investors");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("metrics")).isDisplayed()).as("readable on a phone").isTrue();
        screenshot("status-investors-phone");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

        browser.get(base() + "/status/experiments");
        assertThat(browser.getCurrentUrl()).as("not public: sent to the login page").endsWith("/login");
        app.incidentActions().resolve(incident.id(), "emily", "test over", NOW);
    }

    @Test
    void a_responder_reads_the_postmortem_draft_fills_in_the_causes_and_saves_it() throws Exception {
        Incident incident = app.incidentActions().open("growth numbers doubled", "major", "aggregate_growth", "emily", NOW);
        app.incidentActions().acknowledge(incident.id(), "david", NOW.plusSeconds(600));
        app.incidentActions().resolve(incident.id(), "david", "deduplicated the events", NOW.plusSeconds(3_000));
        browser.get(base() + "/login/" + new Sessions(app.store().jdbi()).loginLink("david", Role.RESPONDER, List.of(), NOW));
        browser.findElement(By.tagName("button")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().equals(base() + "/"));

        browser.get(base() + "/incidents/" + incident.id());
        browser.findElement(By.id("postmortem-link")).click();
        waitFor("postmortem-state", "A draft");
        String draft = browser.findElement(By.id("postmortem")).getText();
        assertThat(draft).as("headings are shown in capitals").contains("Postmortem: #" + incident.id() + " growth numbers doubled", "SUMMARY", "IMPACT",
                "TIMELINE", "RESPONSE AGAINST THE SLA", "Acknowledge 2h 10m yes", "Resolve 8h 50m yes", "acknowledged by david david",
                "Helped: emily, david", "CAUSES", "FOLLOW-UP ACTIONS");
        screenshot("postmortem-draft");

        org.openqa.selenium.WebElement markdown = browser.findElement(By.id("markdown"));
        String text = markdown.getAttribute("value").replace("_What failed, and why was that possible? Ask why until the answer is something the team can change._",
                "The events feed was replayed twice; nothing deduplicated it.");
        markdown.clear();
        markdown.sendKeys(text);
        browser.findElement(By.id("save")).click();
        waitFor("postmortem-state", "Saved by david");
        assertThat(browser.findElement(By.id("postmortem")).getText()).contains("The events feed was replayed twice; nothing deduplicated it.");
        screenshot("postmortem-saved");
        assertThat(app.postmortems().saved(incident.id()).orElseThrow().markdown()).contains("The events feed was replayed twice");
        assertThat(app.incidentStore().timeline(incident.id())).extracting(Incident.Event::text).contains("postmortem saved by david");

        browser.findElement(By.linkText("Load")).click();
        waitFor("load", "John");
        browser.get(base() + "/oncall/report?from=2026-11-30&to=2026-12-06");
        assertThat(browser.findElement(By.id("load")).getText()).contains("John 159.0 0.0 48.0 0.0", "Emily 0.0 159.0 48.0 0.0",
                "spread (max − min) 159.0 159.0 48.0");
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).endsWith("/oncall/report.csv?from=2026-11-30&to=2026-12-06");
        screenshot("oncall-report");
    }
}
