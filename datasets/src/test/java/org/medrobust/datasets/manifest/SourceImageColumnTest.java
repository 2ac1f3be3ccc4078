package org.medrobust.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.SourceSite;
import org.medrobust.datasets.Split;

/**
 * The manifest's {@code source_image} column names the underlying image a row renders, so two sites are compared
 * paired; duplicates within a site, an id without a site, an id the source site does not hold and a named source
 * site the data lacks are one-line errors naming the file.
 */
class SourceImageColumnTest {

    @TempDir
    Path tmp;

    private Path manifest(String rows) throws IOException {
        for (String name : new String[] {"a.png", "b.png", "c.png", "d.png", "e.png"}) {
            if (!Files.exists(tmp.resolve(name))) {
                TestImages.gray8(tmp.resolve(name), "png", 4, name.charAt(0));
            }
        }
        return Files.writeString(tmp.resolve("manifest.csv"), rows);
    }

    private static void assertRefused(Path manifest, String... fragments) {
        assertThatThrownBy(() -> ManifestLoader.load(manifest)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(fragments));
    }

    @Test
    void theColumnIsEachSamplesSourceImageAndItsAbsenceIsEmpty() throws IOException {
        Dataset test = ManifestLoader.load(manifest("""
                path,label,site,source_image
                a.png,0,north,p1
                b.png,1,north,p2
                c.png,0,south,p2
                d.png,1,south,
                """)).split(Split.TEST);
        assertThat(test.sourceImage(0)).contains("p1");
        assertThat(test.sourceImage(2)).contains("p2");
        assertThat(test.sourceImage(3)).isEmpty();
        assertThat(SourceSite.require(test, "north", "m.csv")).isEqualTo("north");

        Dataset without = ManifestLoader.load(manifest("path,label,site\na.png,0,north\nb.png,1,south\n"))
                .split(Split.TEST);
        assertThat(without.sourceImage(0)).isEqualTo(Optional.empty());
    }

    @Test
    void anImageTwiceAtOneSiteOrWithoutASiteIsRefusedNamingTheLines() throws IOException {
        assertRefused(manifest("""
                path,label,site,source_image
                a.png,0,north,p1
                b.png,1,south,p1
                c.png,0,north,p1
                """), "manifest.csv line 4 (c.png)", "'p1' appears twice at site 'north' (lines 2 and 4)");
        assertRefused(manifest("path,label,site,source_image\na.png,0,north,p1\nb.png,1,,p2\n"),
                "manifest.csv line 3 (b.png)", "source image 'p2' but no site");
        // the same id at two sites is the point of the column; two ids at one site are two images
        DataSource fine = ManifestLoader.load(manifest("path,label,site,source_image\na.png,0,north,p1\nb.png,1,north,p2\n"
                + "c.png,0,south,p1\n"));
        assertThat(fine.split(Split.TEST).size()).isEqualTo(3);
    }

    @Test
    void anUnknownIdOrAnAbsentNamedSourceSiteIsOneLineNamingTheData() throws IOException {
        Dataset test = ManifestLoader.load(manifest("""
                path,label,site,source_image
                a.png,0,north,p1
                b.png,1,north,p2
                c.png,0,south,p2
                d.png,1,south,p3
                """)).split(Split.TEST);
        assertThatThrownBy(() -> SourceSite.require(test, "north", "ward.csv (test split)"))
                .isInstanceOf(InvalidInputException.class).hasMessage("ward.csv (test split): source image 'p3' of site"
                        + " 'south' is not at the source site 'north'; a site's source images must be ones the source"
                        + " site holds (leave the field blank for an image of its own)");
        // against south as the source site, north's p1 is the unknown one
        assertThatThrownBy(() -> SourceSite.require(test, "south", "ward.csv")).hasMessageContaining("'p1' of site 'north'");
        assertThatThrownBy(() -> SourceSite.require(test, "east", "ward.csv (test split)"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("ward.csv (test split): sourceSite 'east' is not a site of this data; its sites are [north,"
                        + " south]");
        // without a named source site and without a site called source there is nothing to compare with
        assertThat(SourceSite.require(test, null, "ward.csv")).isEqualTo(SourceSite.DEFAULT);
    }
}
