package org.medrobust.suite.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * index.html as a person opens it: headless Chromium (Debian packages chromium, chromium-driver) loads it from
 * file:// with every host name unresolvable, logs no console message, and its screenshot shows the charts (the first
 * series colour is on screen). Skipped, saying why, where no Chromium is installed (e.g. a bare CI image).
 * Set MEDROBUST_CHROMIUM to a browser binary to use another one.
 */
class IndexHtmlInChromiumTest {

    @TempDir
    Path tmp;

    @Test
    void loadsOfflineWithoutConsoleMessagesAndRendersItsCharts() throws Exception {
        Optional<Path> chromium = chromium();
        Assumptions.assumeTrue(chromium.isPresent(), "no Chromium on PATH (apt-get install chromium chromium-driver,"
                + " or set MEDROBUST_CHROMIUM): the browser check of index.html is skipped");
        Path out = tmp.resolve("results");
        new Campaign(ReportOutputsTest.withRisks(), FakeInputLoader.healthy(), ProgressListener.NONE).run(out);
        Path index = out.resolve(ResultWriter.INDEX_HTML);
        String html = Files.readString(index);
        // self-contained: every src and href is inline data
        Matcher links = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        while (links.find()) {
            assertThat(links.group(1)).as("a resource index.html would fetch").startsWith("data:");
        }

        Path screenshot = tmp.resolve("index.png");
        List<String> command = new ArrayList<>(List.of(chromium.get().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--enable-logging=stderr", "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + tmp.resolve("profile"), "--window-size=1280,2600",
                "--screenshot=" + screenshot, index.toUri().toString()));
        Process browser = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        if (!browser.waitFor(120, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 120 s");
        }
        List<String> log = Files.readAllLines(tmp.resolve("chromium.log"));
        assertThat(log).as("console messages while loading index.html").noneMatch(line -> line.contains(":CONSOLE"));
        Files.createDirectories(Path.of("target"));
        Files.copy(screenshot, Path.of("target", "index-chromium.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1280);
        // the chart's two series (the fake models agree, so the second is drawn over the first): lines, dots, legend
        assertThat(count(image, 0x0072B2) + count(image, 0xE69F00)).as("pixels of the chart series").isGreaterThan(100);
        assertThat(count(image, 0x1A7F37)).as("pixels of the green 'passed' verdict").isGreaterThan(10);
    }

    private static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += (image.getRGB(x, y) & 0xFFFFFF) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    static Optional<Path> chromium() {
        String override = System.getenv("MEDROBUST_CHROMIUM");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).flatMap(dir -> Stream.of("chromium", "chromium-browser",
                "google-chrome").map(name -> Path.of(dir, name))).filter(Files::isExecutable).findFirst();
    }
}
