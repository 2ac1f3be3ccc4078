package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.schema.CampaignReport;
import org.medrobust.reports.shift.Difference;
import org.medrobust.reports.shift.Pairing;
import org.medrobust.reports.shift.SiteMetrics;
import org.medrobust.reports.shift.SourceDrops;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;

/**
 * Real sites through a campaign: a manifest's {@code source_image} column pairs the sites' samples, the data entry's
 * {@code sourceSite} names the site the others are compared with. Forty source images seen at three sites by a
 * classifier of mean brightness: north (the source site; 8 images hard), south (the same 8 hard plus 4 more: drop
 * 4/40 = .1, correlated pairs) and copy (north's own files: drop 0).
 */
class SourceImagePairingTest {

    private static final int IMAGES = 40;
    private static final List<Integer> LOST_AT_SOUTH = List.of(2, 13, 22, 31);

    @TempDir
    Path tmp;

    /** The data from files, the model a mean-brightness classifier (class 1 when brighter than .5). */
    private static final InputLoader LOADER = new InputLoader() {
        @Override
        public LoadedModel loadModel(ModelSpec spec) {
            return FakeInputLoader.healthy().loadModel(spec);
        }

        @Override
        public LoadedData loadData(DataSpec spec) {
            return new DefaultInputLoader().loadData(spec);
        }
    };

    @BeforeEach
    void writeSites() throws IOException {
        StringBuilder paired = new StringBuilder("path,label,site,source_image\n");
        StringBuilder unpaired = new StringBuilder("path,label,site\n");
        for (int i = 0; i < IMAGES; i++) {
            int label = i % 2;
            double base = label == 1 ? 0.6 + 0.3 * i / IMAGES : 0.4 - 0.3 * i / IMAGES;
            double north = i % 5 == 0 ? 1 - base : base; // 8 hard images: wrong at every site
            double south = LOST_AT_SOUTH.contains(i) ? 1 - north : 0.95 * north + 0.02;
            write(tmp.resolve("n" + i + ".png"), north);
            write(tmp.resolve("s" + i + ".png"), south);
            for (String[] row : new String[][] {{"n" + i, "north"}, {"s" + i, "south"}, {"n" + i, "copy"}}) {
                paired.append(row[0]).append(".png,").append(label).append(',').append(row[1]).append(",p").append(i)
                        .append('\n');
                unpaired.append(row[0]).append(".png,").append(label).append(',').append(row[1]).append('\n');
            }
        }
        Files.writeString(tmp.resolve("paired.csv"), paired);
        Files.writeString(tmp.resolve("unpaired.csv"), unpaired);
    }

    private static void write(Path file, double value) throws IOException {
        BufferedImage png = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                png.getRaster().setSample(x, y, 0, (int) Math.round(value * 255));
            }
        }
        ImageIO.write(png, "png", file.toFile());
    }

    private static CampaignConfig config(String manifest, String sourceSite) {
        return new CampaignConfig("pairs", 5L, 32,
                List.of(new DataSpec(manifest, "test", 0, null, null, null, null, sourceSite)),
                List.of(ModelSpec.of("builtin:mean")), List.of(), List.of());
    }

    private Map<String, SiteMetrics> sites(String manifest, String sourceSite, String out) {
        CampaignReport report = new Campaign(config(tmp.resolve(manifest).toString(), sourceSite), LOADER,
                ProgressListener.NONE).run(tmp.resolve(out));
        return report.shift().scenarios().getFirst().sites().stream()
                .collect(Collectors.toMap(SiteMetrics::site, Function.identity()));
    }

    private static double width(Difference d) {
        return d.upper() - d.lower();
    }

    @Test
    void sourceImagesPairTheSitesAndNarrowTheIntervalOfCorrelatedPairs() {
        Map<String, SiteMetrics> paired = sites("paired.csv", "north", "paired");
        Map<String, SiteMetrics> unpaired = sites("unpaired.csv", "north", "unpaired");
        assertThat(paired.get("north").accuracy()).isEqualTo(32 / 40.0);
        assertThat(paired.get("north").versusSource()).isNull();

        SourceDrops p = paired.get("south").versusSource();
        SourceDrops u = unpaired.get("south").versusSource();
        assertThat(p.source()).isEqualTo("north");
        assertThat(p.accuracy().paired()).isTrue();
        assertThat(u.accuracy().paired()).isFalse();
        // the same drop either way (4 of 40 lost): pairing changes the interval, not the estimate
        assertThat(p.accuracy().drop()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(u.accuracy().drop()).isEqualTo(p.accuracy().drop());
        for (Function<SourceDrops, Difference> metric : List.<Function<SourceDrops, Difference>>of(
                SourceDrops::accuracy, SourceDrops::balancedAccuracy, SourceDrops::auc)) {
            assertThat(width(metric.apply(p))).isLessThan(width(metric.apply(u)));
        }
        // by hand: the paired per-image differences are 0/1 with four ones, so no resample can show a gain
        assertThat(p.accuracy().upper()).isGreaterThan(0);
        assertThat(p.accuracy().lower()).isGreaterThanOrEqualTo(0.0);

        // a site holding the source site's very files: every paired resample differs by exactly 0; unpaired cannot
        // know that and spreads both ways
        Difference same = paired.get("copy").versusSource().accuracy();
        assertThat(List.of(same.drop(), same.lower(), same.upper())).containsOnly(0.0);
        Difference sameUnpaired = unpaired.get("copy").versusSource().accuracy();
        assertThat(sameUnpaired.lower()).isNegative();
        assertThat(sameUnpaired.upper()).isPositive();
    }

    /**
     * A site holding 30 of north's 40 images (south's files of p0..p29) and two of its own (no id): paired on the 30,
     * by hand north is right on 24 of them (wrong on p0, p5, ..., p25) and the site on 21 (it also loses p2, p13,
     * p22): drop 3/30 = .1, where the accuracies over all rows (32/40 and 23/32) would give .081. report.json and
     * index.html say what was paired and left out; the fully paired copy's drop carries no such note.
     */
    @Test
    void aSiteHoldingPartOfTheSourceImagesIsPairedOnThoseItHolds() throws IOException {
        StringBuilder manifest = new StringBuilder("path,label,site,source_image\n");
        for (int i = 0; i < IMAGES; i++) {
            manifest.append("n").append(i).append(".png,").append(i % 2).append(",north,p").append(i).append('\n');
            manifest.append("n").append(i).append(".png,").append(i % 2).append(",copy,p").append(i).append('\n');
            if (i < 30) {
                manifest.append("s").append(i).append(".png,").append(i % 2).append(",part,p").append(i).append('\n');
            }
        }
        manifest.append("s33.png,1,part,\ns34.png,0,part,\n");
        Files.writeString(tmp.resolve("partial.csv"), manifest);
        Map<String, SiteMetrics> sites = sites("partial.csv", "north", "partial");
        assertThat(sites.get("part").accuracy()).isEqualTo(23 / 32.0);
        SourceDrops part = sites.get("part").versusSource();
        assertThat(part.accuracy().paired()).isTrue();
        assertThat(part.accuracy().drop()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(part.pairing()).isEqualTo(new Pairing(30, 10, 2));
        assertThat(sites.get("copy").versusSource().pairing()).isNull();

        String json = Files.readString(tmp.resolve("partial/report.json"));
        assertThat(json).contains("\"pairing\" : {\n").containsOnlyOnce("\"pairing\"")
                .contains("\"images\" : 30,", "\"leftOutAtSource\" : 10,", "\"leftOutAtSite\" : 2");
        assertThat(Files.readString(tmp.resolve("partial/index.html")))
                .contains("part <span class=\"ci\">(paired on 30 images; left out: 10 at north, 2 here)</span>");
    }

    @Test
    void theNamedSourceSiteReplacesTheDefaultAndBadNamesAreOneLine() throws IOException {
        // south as the source site: north gains .1, copy too; without a name nothing is called source
        Map<String, SiteMetrics> fromSouth = sites("paired.csv", "south", "south");
        assertThat(fromSouth.get("north").versusSource().accuracy().drop()).isCloseTo(-0.1,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(sites("paired.csv", null, "none").values()).allSatisfy(s -> assertThat(s.versusSource()).isNull());

        String manifest = tmp.resolve("paired.csv").toString();
        assertThatThrownBy(() -> new Campaign(config(manifest, "east"), LOADER, ProgressListener.NONE).prepare())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(manifest + " (test split): sourceSite 'east' is not a site of this data; its sites are"
                        + " [copy, north, south]");
        Files.writeString(tmp.resolve("paired.csv"), "s39.png,1,south,p99\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new Campaign(config(manifest, "north"), LOADER, ProgressListener.NONE).prepare())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(manifest + " (test split): source image 'p99' of site 'south' is not at the source site"
                        + " 'north'; a site's source images must be ones the source site holds (leave the field blank"
                        + " for an image of its own)");
    }
}
