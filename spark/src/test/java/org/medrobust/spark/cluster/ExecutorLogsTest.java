package org.medrobust.spark.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oracle: hand-counted problems in a cluster home laid out as Spark's workers lay it out, with lines copied from the
 * executor logs of the cut GPU bundle's 4-worker run here (docs/spark.md): only executors' logs and crash files count.
 */
class ExecutorLogsTest {

    private static final String MISSING = "11:58:58.880 [shuffle-server-6-1] WARN org.apache.spark.network.server."
            + "TransportChannelHandler - Exception in connection from /127.0.0.1:47260\njava.lang.NoClassDefFoundError: "
            + "io/netty/util/internal/shaded/org/jctools/queues/unpadded/MpscUnpaddedArrayQueue\n";
    private static final String FETCH = "11:58:31.202 [Executor task launch worker for task 3.0 in stage 0.0 (TID 3)] "
            + "WARN org.apache.spark.storage.BlockManager - Failed to fetch remote block broadcast_2_piece0 from "
            + "BlockManagerId(3, 127.0.0.1, 34229, None) (failed attempt 1)\n";

    @TempDir
    Path home;

    @Test
    void countsExecutorLogLinesAndCrashFilesOnly() throws IOException {
        write("work-0/app-20261130115704-0000/0/stderr", MISSING + MISSING + "11:58:54 INFO fine\n");
        write("work-1/app-20261130115704-0000/1/stderr", FETCH + FETCH + FETCH);
        write("work-1/app-20261130115704-0000/1/stdout", MISSING); // not a log Spark writes errors to
        write("work-2/app-20261130115704-0000/3/hs_err_pid4242.log", "# SIGSEGV (0xb) at pc=0x0\n");
        write("work-2/app-20261130115704-0000/3/stderr", "all well\n");
        write("worker-0.log", MISSING + FETCH); // a worker's own log, not an executor's
        write("work-3/stderr", MISSING); // not an executor's folder

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("missing class", 2);
        expected.put("failed block fetch", 3);
        expected.put("JVM crash", 1);
        assertEquals(expected, ExecutorLogs.problems(home));
        assertEquals("2 missing class, 3 failed block fetch, 1 JVM crash",
                ExecutorLogs.summary(ExecutorLogs.problems(home)));
    }

    @Test
    void cleanLogsAndNoExecutorsAreNone() throws IOException {
        assertEquals("none", ExecutorLogs.summary(ExecutorLogs.problems(home)));
        write("work-0/app-1/0/stderr", "11:58:46 INFO Reading broadcast variable 2 took 53 ms\n");
        assertEquals(Map.of(), ExecutorLogs.problems(home));
        assertEquals("none", ExecutorLogs.summary(ExecutorLogs.problems(home.resolve("absent"))));
    }

    private void write(String relative, String text) throws IOException {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
