package org.medrobust.suite.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.suite.run.ScenarioRecord;

/**
 * What varies between two runs of the same campaign (machine, times, durations): kept out of report.json, in
 * environment.json, so report.json compares byte for byte.
 */
public final class RunEnvironment {

    private RunEnvironment() {
    }

    public static Map<String, Object> describe(Instant started, Instant finished, List<ScenarioRecord> records) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("medrobustVersion", version());
        env.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("started", started.toString());
        env.put("finished", finished.toString());
        env.put("wallSeconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        Map<String, Double> seconds = new LinkedHashMap<>();
        records.forEach(r -> seconds.put(r.scenario().id(), r.seconds()));
        env.put("scenarioSeconds", seconds);
        return env;
    }

    public static String version() {
        String version = RunEnvironment.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
