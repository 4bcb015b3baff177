package io.pipekeeper;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What a process measures of itself, for {@code /metrics} (Micrometer's Prometheus registry): the JVM, the process,
 * the store's connection pool, {@code pipekeeper_build_info}, and the histograms of the work it did — pipeline runs,
 * checks, and pages from falling due to leaving (for a first page, from its signal).
 */
public final class ServiceMetrics {
    /** Where nothing is measured (commands that are not a service, tests): meters registered here record nothing. */
    public static final MeterRegistry NONE = new CompositeMeterRegistry();

    public static final String RUN_DURATION = "pipekeeper.run.duration";
    public static final String CHECK_DURATION = "pipekeeper.check.duration";
    public static final String PAGE_LATENCY = "pipekeeper.page.latency";
    public static final String PAGES_SENT = "pipekeeper.pages.sent";
    public static final String PAGE_FAILURES = "pipekeeper.page.failures";

    private ServiceMetrics() {
    }

    /** A registry with the JVM's and the process's meters and the build's info. */
    public static PrometheusMeterRegistry registry(String version) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Prometheus's own names where Micrometer's break its conventions (promtool check metrics): CPU time in seconds,
        // not nanoseconds; a count of processors that is not a "_count".
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, bean -> bean.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time this process used").register(registry);
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("pipekeeper.build.info", () -> 1).description("pipekeeper's version and the Java it runs on (always 1)")
                .tag("version", version).tag("java", System.getProperty("java.version")).register(registry);
        return registry;
    }

    /** A pipeline run's wall time, by pipeline and outcome. */
    public static Timer runDuration(MeterRegistry registry, String pipeline, String status) {
        return Timer.builder(RUN_DURATION).description("Wall time of pipeline runs, by pipeline and outcome")
                .tag("pipeline", pipeline).tag("status", status)
                .serviceLevelObjectives(seconds(1), seconds(5), seconds(15), seconds(30), seconds(60), seconds(120), seconds(300),
                        seconds(600), seconds(1800), seconds(3600))
                .register(registry);
    }

    /** The checks of one subject (fused into as few scans as they can be), by whether it is a source or a pipeline's output. */
    public static Timer checkDuration(MeterRegistry registry, String on) {
        return Timer.builder(CHECK_DURATION).description("Time to check one source partition or one output, all its checks together")
                .tag("on", on)
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                        Duration.ofMillis(500), seconds(1), Duration.ofMillis(2500), seconds(5), seconds(10), seconds(30))
                .register(registry);
    }

    /** From when a page fell due (a first page: when its signal arrived) to when its provider took it, by channel. */
    public static Timer pageLatency(MeterRegistry registry, String channel) {
        return Timer.builder(PAGE_LATENCY).description("From a page falling due (a first page: its signal arriving) to its provider taking it")
                .tag("channel", channel)
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), seconds(1), seconds(2),
                        seconds(5), seconds(10), seconds(30), seconds(60), seconds(300))
                .register(registry);
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
