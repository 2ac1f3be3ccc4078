package org.medrobust.datasets.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.testing.SharedData;

class ManifestLoaderTest {

    @TempDir
    Path tmp;

    private Path manifest(String text) throws IOException {
        return Files.writeString(tmp.resolve("manifest.csv"), text);
    }

    private static void assertRefused(Path manifest, String... fragments) {
        assertThatThrownBy(() -> ManifestLoader.load(manifest)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains(fragments));
    }

    @Test
    void grayImagesOfEveryFormatAndDepthReadToTheirWrittenValues() throws IOException {
        Files.createDirectories(tmp.resolve("img"));
        TestImages.gray8(tmp.resolve("img/a.png"), "png", 8, 10);
        TestImages.gray16(tmp.resolve("img/b.png"), "png", 8, 3000);
        TestImages.gray16(tmp.resolve("img/c.tif"), "tiff", 8, 500);
        TestImages.gray8(tmp.resolve("img/d.bmp"), "bmp", 8, 20);
        TestImages.gray8(tmp.resolve("img/e.jpg"), "jpeg", 8, 100);
        DataSource source = ManifestLoader.load(manifest("""
                path,label
                img/a.png,0
                img/b.png,1
                img/c.tif,1
                img/d.bmp,0
                img/e.jpg,0
                """));
        Dataset test = source.split(Split.TEST);
        assertThat(test.shape().toString()).isEqualTo("1x8x8");
        assertThat(test.classNames()).containsExactly("class_0", "class_1");
        assertThat(test.labels(0, 5)).containsExactly(0, 1, 1, 0, 0);
        // value(x, y) at x = 5, y = 2
        assertThat(test.image(0).at(0, 2, 5)).isEqualTo((10 + 5 + 6) / 255f);
        assertThat(test.image(1).at(0, 2, 5)).isEqualTo((float) ((3000 + 1000 * 11) / 65535.0));
        assertThat(test.image(2).at(0, 2, 5)).isEqualTo((float) ((500 + 1000 * 11) / 65535.0));
        assertThat(test.image(3).at(0, 2, 5)).isEqualTo((20 + 11) / 255f);
        assertThat(test.image(4).at(0, 2, 5)).isCloseTo((100 + 11) / 255f, within(4 / 255f)); // lossy
        assertThat(source.name()).isEqualTo(tmp.getFileName().toString());
    }

    @Test
    void rgbImagesAreChannelsFirstAt8And16Bits() throws IOException {
        TestImages.rgb8(tmp.resolve("a.png"), "png", 6);
        TestImages.rgb16(tmp.resolve("b.png"), 6);
        Dataset test = ManifestLoader.load(manifest("path,label\na.png,x\nb.png,y\n")).split(Split.TEST);
        assertThat(test.shape().toString()).isEqualTo("3x6x6");
        Image eight = test.image(0);
        assertThat(new float[] {eight.at(0, 4, 3), eight.at(1, 4, 3), eight.at(2, 4, 3)})
                .containsExactly(3 / 255f, 4 / 255f, 200 / 255f);
        Image sixteen = test.image(1);
        assertThat(sixteen.at(0, 4, 3)).isEqualTo((float) (3000 / 65535.0));
        assertThat(sixteen.at(1, 4, 3)).isEqualTo((float) (4000 / 65535.0));
        assertThat(sixteen.at(2, 4, 3)).isEqualTo((float) (60000 / 65535.0));
    }

    @Test
    void labelsByNameAreSortedOrDeclaredAndSplitsAndSitesAreKept() throws IOException {
        for (String name : List.of("a", "b", "c", "d")) {
            TestImages.gray8(tmp.resolve(name + ".png"), "png", 4, name.charAt(0));
        }
        Path manifest = manifest("""
                path,label,site,patient,split
                a.png,pneumonia,north,p1,train
                b.png,normal,south,p2,test
                c.png,pneumonia,,p3,test
                "d.png",normal,north,p1,test
                """);
        DataSource source = ManifestLoader.load(manifest);
        Dataset test = source.split(Split.TEST);
        assertThat(source.available()).containsExactlyInAnyOrder(Split.TRAIN, Split.TEST);
        assertThat(test.classNames()).containsExactly("normal", "pneumonia");
        assertThat(test.labels(0, 3)).containsExactly(0, 1, 0);
        assertThat(test.site(0)).contains("south");
        assertThat(test.site(1)).isEmpty();
        assertThat(source.split(Split.TRAIN).label(0)).isEqualTo(1);
        assertThat(source.warnings()).singleElement().asString()
                .contains("manifest.csv", "1 patient(s) appear in more than one split", "p1 (train, test)");
        // declared names: a label is a name or an index into them
        Dataset declared = ManifestLoader.load(manifest, List.of("pneumonia", "normal", "other")).split(Split.TEST);
        assertThat(declared.classNames()).containsExactly("pneumonia", "normal", "other");
        assertThat(declared.labels(0, 3)).containsExactly(1, 0, 1);
        Files.writeString(manifest, "path,label\na.png,1\nb.png,cat\n");
        assertThatThrownBy(() -> ManifestLoader.load(manifest, List.of("x", "y")))
                .hasMessageContaining("line 3 (b.png)").hasMessageContaining("label 'cat'");
        assertThat(ManifestLoader.load(manifest).split(Split.TEST).classNames()).containsExactly("1", "cat");
    }

    @Test
    void pathsLeavingTheManifestFolderAreRefusedNamingTheLine() throws IOException {
        Path inner = Files.createDirectories(tmp.resolve("data"));
        Path outside = TestImages.gray8(tmp.resolve("secret.png"), "png", 4, 0);
        TestImages.gray8(inner.resolve("ok.png"), "png", 4, 0);
        Path manifest = inner.resolve("manifest.csv");
        Files.writeString(manifest, "path,label\nok.png,0\n../secret.png,1\n");
        assertRefused(manifest, "manifest.csv line 3 (../secret.png)", "leads outside the manifest's folder");
        Files.writeString(manifest, "path,label\nok.png,0\n" + outside.toAbsolutePath() + ",1\n");
        assertRefused(manifest, "line 3", "leads outside");
        Files.writeString(manifest, "path,label\nok.png,0\nsub/../../secret.png,1\n");
        assertRefused(manifest, "line 3", "leads outside");
        Files.createSymbolicLink(inner.resolve("link.png"), outside);
        Files.writeString(manifest, "path,label\nok.png,0\nlink.png,1\n");
        assertRefused(manifest, "line 3 (link.png)", "symbolic link leading outside");
        // an absolute path inside the folder, and ".." that stays inside, are fine
        Files.writeString(manifest, "path,label\n" + inner.resolve("ok.png").toAbsolutePath() + ",0\nx/../ok.png,1\n");
        assertThat(ManifestLoader.load(manifest).split(Split.TEST).size()).isEqualTo(2);
    }

    @Test
    void badRowsAndFilesGetOneLineNamingThem() throws IOException {
        TestImages.gray8(tmp.resolve("small.png"), "png", 4, 0);
        TestImages.gray8(tmp.resolve("large.png"), "png", 6, 0);
        TestImages.rgb8(tmp.resolve("colour.png"), "png", 4);
        TestImages.gray8(tmp.resolve("anim.gif"), "gif", 4, 0);
        Files.writeString(tmp.resolve("notes.png"), "not an image");
        assertRefused(manifest("path,label\nsmall.png,0\nlarge.png,1\n"), "line 3 (large.png)", "6 x 6 gray",
                "small.png (line 2) is 4 x 4 gray", "does not resize");
        assertRefused(manifest("path,label\nsmall.png,0\ncolour.png,1\n"), "line 3", "4 x 4 RGB");
        assertRefused(manifest("path,label\nanim.gif,0\n"), "line 2 (anim.gif)", "GIF", "PNG, JPEG, TIFF, BMP");
        assertRefused(manifest("path,label\nnotes.png,0\n"), "line 2 (notes.png)", "not an image");
        assertRefused(manifest("path,label\nmissing.png,0\n"), "line 2 (missing.png)", "not found");
        assertRefused(manifest("path,lable\nsmall.png,0\n"), "unknown column 'lable'");
        assertRefused(manifest("file,label\n"), "unknown column 'file'");
        assertRefused(manifest("path,label\n"), "no image rows");
        assertRefused(manifest("path,label\nsmall.png\n"), "line 2", "1 fields");
        assertRefused(manifest("path,label,split\nsmall.png,0,holdout\n"), "line 2", "unknown split 'holdout'");
        assertRefused(manifest("path,label\nsmall.png,\n"), "line 2 (small.png)", "label is empty");
        assertRefused(manifest("path,label\n\"small.png,0\n"), "never closes");
    }

    @Test
    void dicomRowsReadTheirFrameThroughTheDicomReader() throws IOException {
        Path dose = SharedData.require("data/dicom/test_files/rtdose.dcm");
        Files.copy(dose, tmp.resolve("dose.dcm"));
        Files.copy(dose, tmp.resolve("dose-no-extension"));
        Dataset test = ManifestLoader.load(manifest("path,label,frame\ndose.dcm,0,5\ndose-no-extension,1,\n"))
                .split(Split.TEST);
        assertThat(test.shape().toString()).isEqualTo("1x10x10");
        assertThat(test.image(0).pixels()).isNotEqualTo(test.image(1).pixels());
        assertRefused(manifest("path,label,frame\ndose.dcm,0,15\n"), "line 2 (dose.dcm)", "frame 15");
        Files.copy(SharedData.require("data/dicom/test_files/MR_truncated.dcm"), tmp.resolve("cut.dcm"));
        assertRefused(manifest("path,label\ncut.dcm,0\n"), "line 2 (cut.dcm)", "truncated");
    }

    @Test
    void theDigestCoversEveryImageAndTheManifestButNotTheFolderLocation() throws IOException {
        Path one = Files.createDirectories(tmp.resolve("one"));
        TestImages.gray8(one.resolve("a.png"), "png", 4, 1);
        TestImages.gray8(one.resolve("b.png"), "png", 4, 2);
        Files.writeString(one.resolve("set.csv"), "path,label\na.png,0\nb.png,1\na.png,0\n");
        String digest = ManifestLoader.load(one.resolve("set.csv")).sha256();
        Path two = Files.createDirectories(tmp.resolve("two"));
        for (String name : List.of("a.png", "b.png", "set.csv")) {
            Files.copy(one.resolve(name), two.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        assertThat(ManifestLoader.load(two.resolve("set.csv")).sha256()).isEqualTo(digest);
        TestImages.gray8(two.resolve("b.png"), "png", 4, 3);
        assertThat(ManifestLoader.load(two.resolve("set.csv")).sha256()).isNotEqualTo(digest);
        assertThat(ManifestLoader.load(one.resolve("set.csv"), List.of("n", "p")).sha256()).isNotEqualTo(digest);
        Files.writeString(one.resolve("set.csv"), "path,label\nb.png,1\na.png,0\na.png,0\n");
        assertThat(ManifestLoader.load(one.resolve("set.csv")).sha256()).isNotEqualTo(digest);
        assertThat(ManifestLoader.load(one.resolve("set.csv")).name()).isEqualTo("set");
    }
}
