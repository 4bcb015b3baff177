package io.pipekeeper.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.executor.TaskMetrics;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the tasks of one run's jobs used, from Spark's own task metrics: executor CPU time, the largest peak
 * execution memory of a task (the memory its joins, sorts and aggregations held).
 */
final class RunMetrics extends SparkListener {
    private final String jobGroup;
    private final Map<Integer, Boolean> stages = new ConcurrentHashMap<>();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong peakMemory = new AtomicLong();

    RunMetrics(String jobGroup) {
        this.jobGroup = jobGroup;
    }

    @Override
    public void onJobStart(SparkListenerJobStart job) {
        if (jobGroup.equals(job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id"))) {
            for (Object stage : CollectionConverters.asJava(job.stageIds())) {
                stages.put((Integer) stage, Boolean.TRUE);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd task) {
        TaskMetrics metrics = task.taskMetrics();
        if (metrics == null || !stages.containsKey(task.stageId())) {
            return;
        }
        cpuNanos.addAndGet(metrics.executorCpuTime() + metrics.executorDeserializeCpuTime());
        peakMemory.accumulateAndGet(metrics.peakExecutionMemory(), Math::max);
    }

    long cpuMillis() {
        return cpuNanos.get() / 1_000_000;
    }

    long peakMemoryBytes() {
        return peakMemory.get();
    }
}
