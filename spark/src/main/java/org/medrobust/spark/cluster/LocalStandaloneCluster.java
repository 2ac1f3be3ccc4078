package org.medrobust.spark.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medrobust.spark.SparkEngine;

/**
 * A Spark standalone cluster on this machine, from the Spark jars on this JVM's class path: a master and N workers
 * ({@code org.apache.spark.deploy.master.Master}, {@code org.apache.spark.deploy.worker.Worker}), each a child JVM,
 * as {@code start-master.sh} and {@code start-worker.sh} would start them from a Spark distribution. For the
 * integration test (a worker killed mid-campaign) and the benchmark (1 and 2 executors), not for production.
 *
 * <p>A worker starts executors with the class path of a Spark home's {@code jars/}: this class makes one in a
 * temporary folder, linking every jar of this JVM's class path, and hands class folders (a reactor's
 * {@code target/classes}) to the executors as {@link #executorConf()}'s {@code spark.executor.extraClassPath}.
 */
public final class LocalStandaloneCluster implements AutoCloseable {

    private final Path home;
    private final int port;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<String> classFolders = new ArrayList<>();

    /** Starts a master and {@code workers} workers of one core and {@code workerMemory} (e.g. "1536m") each. */
    public LocalStandaloneCluster(int workers, String workerMemory) {
        this(workers, workerMemory, classPathOrFail());
    }

    /**
     * A cluster that has only the given jars (a Spark distribution's {@code jars/}): nothing of medrobust on the
     * master's, the workers' or the executors' class path, so an application must bring its own classes (the
     * spark-submit assembly). {@link #home()} is then a Spark home for {@code spark-submit} too.
     */
    public static LocalStandaloneCluster ofSparkJars(int workers, String workerMemory, Path sparkJars) {
        try (Stream<Path> jars = Files.list(sparkJars)) {
            return new LocalStandaloneCluster(workers, workerMemory, jars.sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Spark jars in " + sparkJars, e);
        }
    }

    private LocalStandaloneCluster(int workers, String workerMemory, Collection<Path> classPath) {
        try {
            home = Files.createTempDirectory("medrobust-spark-home-");
            Files.createDirectories(home.resolve("jars"));
            Files.createDirectories(home.resolve("conf"));
            // a distribution's marker: Spark's launcher then takes the class path from jars/
            Files.writeString(home.resolve("RELEASE"), "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                    + " (jars linked by medrobust's LocalStandaloneCluster)\n");
            int n = 0;
            for (Path p : classPath) {
                if (Files.isDirectory(p)) {
                    classFolders.add(p.toString());
                } else if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                    Files.createSymbolicLink(home.resolve("jars").resolve(n++ + "-" + p.getFileName()),
                            p.toAbsolutePath());
                }
            }
            port = freePort();
            master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())), "256m");
            for (int i = 0; i < workers; i++) {
                addWorker(workerMemory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a local Spark standalone cluster", e);
        }
    }

    private static java.util.Set<Path> classPathOrFail() {
        try {
            return classPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this JVM's class path", e);
        }
    }

    /** The Spark home the master and workers run from (jars/, conf/, RELEASE, the logs). */
    public Path home() {
        return home;
    }

    /** The environment a Spark process of this cluster runs with (what {@code load-spark-env.sh} would set). */
    public Map<String, String> environment() {
        return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home"));
    }

    /**
     * This JVM's class path, with the jars a jar's manifest names (medrobust.jar's lib/): linked from elsewhere,
     * they would be looked for beside the link.
     */
    private static java.util.Set<Path> classPath() throws IOException {
        java.util.Set<Path> all = new java.util.LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath().normalize();
            all.add(p);
            if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(p.toFile())) {
                    var manifest = jar.getManifest();
                    String named = manifest == null ? null
                            : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
                    for (String rel : named == null ? new String[0] : named.trim().split("\\s+")) {
                        if (!rel.isEmpty() && !rel.contains(":")) {
                            all.add(p.getParent().resolve(rel).normalize());
                        }
                    }
                }
            }
        }
        return all;
    }

    /** Starts one more worker (one core). */
    public void addWorker(String memory) {
        Path work = home.resolve("work-" + workers.size());
        workers.add(start("worker-" + workers.size(), List.of("org.apache.spark.deploy.worker.Worker", "--host",
                "127.0.0.1", "--cores", "1", "--memory", memory, "--webui-port", String.valueOf(freePort()),
                "--work-dir", work.toString(), url()), "256m"));
    }

    public String url() {
        return "spark://127.0.0.1:" + port;
    }

    /**
     * What a driver needs to use this cluster: executors of one core on the loopback address, with this JVM's class
     * folders on their class path.
     */
    public Map<String, String> executorConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("master", url());
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.executor.cores", "1");
        conf.put("spark.executor.memory", "1g");
        if (!classFolders.isEmpty()) {
            conf.put("spark.executor.extraClassPath", String.join(File.pathSeparator, classFolders));
        }
        return conf;
    }

    /** Kills worker {@code i} and the executor it started (SIGKILL, as a machine that dies). */
    public void killWorker(int i) {
        Process worker = workers.get(i);
        worker.descendants().forEach(ProcessHandle::destroyForcibly);
        worker.destroyForcibly();
    }

    public Path logs() {
        return home;
    }

    private Process start(String name, List<String> mainAndArgs, String heap) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(List.of(SparkEngine.SPARK_JAVA_OPTIONS.split(" ")));
        command.add("-cp");
        command.add(home.resolve("jars").toString() + File.separator + "*");
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        builder.environment().putAll(environment());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Spark " + name, e);
        }
    }

    /**
     * Waits until {@code count} workers have registered with the master, as each worker's own log says. Not the
     * master's "Registering worker" line: a worker that asks before the master is elected leader is logged there
     * too, then ignored, and registers only on its retry seconds later (an 8-worker run on the GPU machine got 7
     * executors so).
     */
    public void awaitWorkers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                int registered = 0;
                for (int i = 0; i < workers.size(); i++) {
                    Path log = home.resolve("worker-" + i + ".log");
                    if (Files.exists(log) && Files.readString(log).contains("Successfully registered with master")) {
                        registered++;
                    }
                }
                if (registered >= count) {
                    return;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                // not written yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(count + " Spark workers did not register within " + timeout + "; see "
                + home.resolve("master.log") + " and the worker-N.log beside it");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < workers.size(); i++) {
            killWorker(i);
        }
        master.descendants().forEach(ProcessHandle::destroyForcibly);
        master.destroyForcibly();
    }
}
