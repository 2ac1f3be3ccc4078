package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.SitedDataset;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.builtin.BuiltinData;

/** builtin:xray_sites: the shipped X-rays at four sites that differ only in acquisition. */
class MultiSiteDataTest {

    private static DataSource sites;
    private static Dataset xrays;

    @BeforeAll
    static void generate() {
        sites = MultiSiteData.generate();
        xrays = BuiltinData.load("pneumoniamnist").split(Split.TEST);
    }

    @Test
    void everyImageAtEverySiteSplitByImage() {
        // 624 images: i mod 5 in {0, 1, 2} train (375), 3 val (125), 4 test (124); four sites each
        assertThat(sites.split(Split.TRAIN).size()).isEqualTo(375 * 4);
        assertThat(sites.split(Split.VAL).size()).isEqualTo(125 * 4);
        assertThat(sites.split(Split.TEST).size()).isEqualTo(124 * 4);
        Dataset test = sites.split(Split.TEST);
        assertThat(SitedDataset.sites(test)).containsExactly("source", "xray_mild", "xray_moderate", "xray_severe");
        for (int j = 0; j < 4 * 5; j++) {
            int image = 4 + 5 * (j / 4); // test image j / 4 is shipped image 4, 9, 14, ...
            assertThat(test.site(j)).contains(MultiSiteData.sites().get(j % 4));
            assertThat(test.label(j)).isEqualTo(xrays.label(image));
            // every site of one image names the same source image: its index among the shipped test X-rays
            assertThat(test.sourceImage(j)).contains(String.valueOf(image));
        }
        // the source site is the shipped image itself; the others are its renderings through the profiles
        assertThat(test.image(0).pixels()).isEqualTo(xrays.image(4).pixels());
        Image severe = new SiteShift(SiteProfiles.builtIn("xray_severe")).apply(xrays.image(4),
                MultiSiteData.random(3, 4));
        assertThat(test.image(3).pixels()).isEqualTo(severe.pixels());
        assertThat(test.image(1).pixels()).isNotEqualTo(test.image(0).pixels());
    }

    @Test
    void theSameBytesEveryTime() {
        DataSource again = MultiSiteData.render();
        assertThat(again.sha256()).isEqualTo(sites.sha256());
        for (Split split : Split.values()) {
            Dataset a = sites.split(split);
            Dataset b = again.split(split);
            assertThat(b.batch(0, b.size()).data()).isEqualTo(a.batch(0, a.size()).data());
        }
    }

    /**
     * Mild to severe: more noise (Immerkaer) on average over the test images, and darker corners at the severe site
     * (vignetting .4). (Sharpness is no oracle here: the severe site's noise raises the Laplacian more than its blur
     * lowers it.)
     */
    @Test
    void sitesGrowWorseInTheirMeasuredStatistics() {
        Dataset test = sites.split(Split.TEST);
        double[] noise = new double[4];
        double[] corners = new double[4];
        for (int j = 0; j < test.size(); j++) {
            noise[j % 4] += ImageStatistics.noiseSigma(test.image(j));
            corners[j % 4] += ImageStatistics.cornerToCentre(test.image(j));
        }
        for (int s = 1; s < 4; s++) {
            assertThat(noise[s]).as("noise at %s", MultiSiteData.sites().get(s)).isGreaterThan(noise[s - 1]);
        }
        assertThat(corners[3]).isLessThan(corners[0]);
    }

    @Test
    void sitesAreSourceThenTheBuiltInXrayProfiles() {
        assertThat(MultiSiteData.sites()).isEqualTo(List.of("source", "xray_mild", "xray_moderate", "xray_severe"));
        assertThat(MultiSiteData.splitOf(0)).isEqualTo(Split.TRAIN);
        assertThat(MultiSiteData.splitOf(3)).isEqualTo(Split.VAL);
        assertThat(MultiSiteData.splitOf(9)).isEqualTo(Split.TEST);
    }
}
