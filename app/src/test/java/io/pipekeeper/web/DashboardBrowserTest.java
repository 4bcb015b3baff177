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
        app = new App(new ConfigLoader().load(SeedText.writeTo(dir), "pipekeeper.yaml"), Map.of());
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
}
