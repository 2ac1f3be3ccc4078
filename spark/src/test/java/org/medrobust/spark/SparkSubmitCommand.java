package org.medrobust.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code $SPARK_HOME/bin/spark-submit ARGS} without the shell scripts: {@code bin/spark-class} runs Spark's launcher
 * ({@code org.apache.spark.launcher.Main}), which prints the driver's java command (class path from
 * {@code $SPARK_HOME/jars}, the JDK opens Spark needs, {@code spark.driver.extraJavaOptions}) NUL-separated, and then
 * runs that command; so does this class. What the driver JVM gets is therefore exactly what a cluster user's
 * {@code spark-submit} would give it.
 */
final class SparkSubmitCommand {

    private SparkSubmitCommand() {
    }

    /** The driver process of {@code spark-submit args}, not started, stdout and stderr to {@code log}. */
    static ProcessBuilder of(Map<String, String> sparkEnvironment, Path log, List<String> args) {
        Path home = Path.of(sparkEnvironment.get("SPARK_HOME"));
        List<String> launcher = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx128m", "-cp", home.resolve("jars") + "/*", "org.apache.spark.launcher.Main",
                "org.apache.spark.deploy.SparkSubmit"));
        launcher.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(sparkEnvironment);
        List<String> command = new ArrayList<>();
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("Spark's launcher failed for spark-submit " + args);
            }
            for (String part : out.split("\0")) {
                String arg = part.startsWith("\n") ? part.substring(1) : part; // output starts "\0\n"
                if (!arg.isEmpty()) {
                    command.add(arg);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Spark's launcher", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        ProcessBuilder driver = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        driver.environment().putAll(sparkEnvironment);
        return driver;
    }
}
