package org.medrobust.perturbations.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.perturbations.ops.Border;
import org.medrobust.perturbations.ops.Filters;

/** YAML profiles: what a file says is what the profile holds; bad files fail in one line naming file and problem. */
class SiteProfilesTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("sites.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsEveryKeyAndDefaultsTheRest() throws Exception {
        List<SiteProfile> sites = SiteProfiles.load(write("""
                sites:
                  - name: ward_b
                    modality: xray
                    vignetting: 0.2
                    psfSigma: 0.8
                    resampling: 1.5
                    noise: {model: poisson_gaussian, photons: 30, readSigma: 0.01}
                    intensity: {window: 0.9, gamma: 1.2}
                    jpegQuality: 70
                  - name: plain
                """));
        SiteProfile ward = sites.get(0);
        assertThat(ward.name()).isEqualTo("ward_b");
        assertThat(ward.noise()).isEqualTo(new NoiseModel.PoissonGaussian(30, 0.01));
        assertThat(ward.intensity()).isEqualTo(new IntensityTransfer(1.2, 0.9, 0.5, 1, 0));
        assertThat(ward.psfSigma()).isEqualTo(0.8);
        assertThat(ward.resampling()).isEqualTo(1.5);
        assertThat(ward.vignetting()).isEqualTo(0.2);
        assertThat(ward.jpegQuality()).isEqualTo(70);
        assertThat(sites.get(1)).isEqualTo(SiteProfile.neutral("plain"));
    }

    @Test
    void badFilesFailNamingFileAndProblem() throws Exception {
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: a\n    psfSigm: 1\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sites.yaml").hasMessageContaining("unknown key 'psfSigm'");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: a\n    noise: {model: gaussian, sigma: 1}\n")))
                .hasMessageContaining("sites.yaml: site 'a': unknown noise model 'gaussian'");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: a\n    noise: {model: rician, photons: 3}\n")))
                .hasMessageContaining("takes no 'photons'");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: a\n    noise: {model: poisson_gaussian, photons: -3}\n")))
                .hasMessageContaining("photons must be a positive number");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: a\n    resampling: 0.5\n")))
                .hasMessageContaining("site 'a': resampling must be in [1, 8]");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: a\n  - name: a\n")))
                .hasMessageContaining("defined twice");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites: []\n"))).hasMessageContaining("no profiles");
        assertThatThrownBy(() -> SiteProfiles.load(write("sites:\n  - name: Ward B\n"))).hasMessageContaining("lower snake case");
        assertThatThrownBy(() -> SiteProfiles.load(dir.resolve("missing.yaml"))).hasMessageContaining("missing.yaml");
        assertThatThrownBy(() -> SiteProfiles.builtIn("nowhere")).hasMessageContaining("unknown site 'nowhere'");
    }

    @Test
    void psfKernelIsScipysGaussianAndBordersMirror() {
        // the site's PSF is the corruption library's Gaussian (truncate 4) with mirrored borders
        double[] kernel = Filters.gaussianKernel(1.0, (int) (4 * 1.0 + 0.5));
        assertThat(kernel).hasSize(9); // radius (int) (4 + .5) = 4
        double sum = 0;
        for (double k : kernel) {
            sum += k;
        }
        assertThat(sum).isCloseTo(1, within(1e-12));
        assertThat(kernel[3] / kernel[4]).isCloseTo(Math.exp(-0.5), within(1e-12));
        assertThat(new int[] {Border.REFLECT.index(-1, 5), Border.REFLECT.index(-2, 5), Border.REFLECT.index(5, 5),
                Border.REFLECT.index(6, 5), Border.REFLECT.index(-7, 3)})
                .containsExactly(0, 1, 4, 3, 0); // period 2n: -7 -> 6 -> -1 -> 0
    }
}
