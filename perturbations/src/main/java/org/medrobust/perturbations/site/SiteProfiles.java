package org.medrobust.perturbations.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.medrobust.datasets.InvalidInputException;

/**
 * Site profiles in YAML, and the built-in catalogue of virtual hospitals ({@code builtin-sites.yaml} next to this
 * class, read by the same loader). A file holds a list under {@code sites}; every key but {@code name} is optional
 * and defaults to "no change"; unknown keys are errors (a typo must not silently become a neutral site):
 * <pre>
 * sites:
 *   - name: ward_b_portable
 *     modality: xray
 *     description: bedside detector, low dose, exported as JPEG
 *     vignetting: 0.2
 *     psfSigma: 0.8
 *     resampling: 1.5
 *     noise: {model: poisson_gaussian, photons: 30, readSigma: 0.01}   # or rician (sigma), speckle (looks), none
 *     intensity: {window: 0.9, level: 0.5, gamma: 1.2, gain: 1.0, offset: 0.0}
 *     jpegQuality: 70
 *     stainJitter: 0.05          # RGB histology only: HED jitter theta
 *     stain: {hematoxylin: [0.65, 0.70, 0.29], eosin: [0.07, 0.99, 0.11], maxHematoxylin: 1.9, maxEosin: 1.0}
 *                                # RGB histology only: the lab's Macenko stains (absent parts: HEnorm's reference)
 * </pre>
 */
public final class SiteProfiles {

    private static final long MAX_BYTES = 1024 * 1024;
    private static final String BUILT_IN = "builtin-sites.yaml";

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SiteProfiles() {
    }

    private record FileEntries(List<Entry> sites) {
    }

    private record Entry(String name, String modality, String description, Double vignetting, Double psfSigma,
            Double resampling, NoiseEntry noise, IntensityEntry intensity, Integer jpegQuality, Double stainJitter,
            StainEntry stain) {
    }

    private record StainEntry(double[] hematoxylin, double[] eosin, Double maxHematoxylin, Double maxEosin) {
    }

    private record NoiseEntry(String model, Double photons, Double readSigma, Double sigma, Integer looks) {
    }

    private record IntensityEntry(Double gamma, Double window, Double level, Double gain, Double offset) {
    }

    /** Every profile of a YAML file, in file order. */
    public static List<SiteProfile> load(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                throw new InvalidInputException(file + ": not a regular file of at most " + MAX_BYTES + " bytes");
            }
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
    }

    /** The built-in virtual hospitals, mild to severe within each modality. */
    public static List<SiteProfile> builtIn() {
        try (InputStream in = SiteProfiles.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the perturbations jar");
            }
            return parse(BUILT_IN, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A built-in profile by name. */
    public static SiteProfile builtIn(String name) {
        List<SiteProfile> all = builtIn();
        return all.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new InvalidInputException(
                "unknown site '" + name + "': built-in are " + all.stream().map(SiteProfile::name).toList()));
    }

    static List<SiteProfile> parse(String origin, String yaml) {
        FileEntries entries;
        try {
            entries = YAML.readValue(yaml, FileEntries.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInputException(origin + ": unknown key '" + e.getPropertyName() + "' (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(origin + ": not a site profile file (" + e.getOriginalMessage() + ")");
        }
        if (entries == null || entries.sites() == null || entries.sites().isEmpty()) {
            throw new InvalidInputException(origin + ": no profiles; expected a list under 'sites'");
        }
        List<SiteProfile> profiles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Entry entry : entries.sites()) {
            SiteProfile profile;
            try {
                profile = profile(entry);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(origin + ": " + e.getMessage());
            }
            if (!names.add(profile.name())) {
                throw new InvalidInputException(origin + ": site '" + profile.name() + "' is defined twice");
            }
            profiles.add(profile);
        }
        return List.copyOf(profiles);
    }

    private static SiteProfile profile(Entry e) {
        if (e == null) {
            throw new InvalidInputException("empty site entry");
        }
        try {
            NoiseEntry n = e.noise();
            NoiseModel noise = n == null ? null : NoiseModel.of(n.model(), n.photons(), n.readSigma(), n.sigma(), n.looks());
            IntensityEntry i = e.intensity();
            IntensityTransfer intensity = i == null ? null : new IntensityTransfer(or(i.gamma(), 1), or(i.window(), 1),
                    or(i.level(), 0.5), or(i.gain(), 1), or(i.offset(), 0));
            StainEntry st = e.stain();
            MacenkoStain.Stains stain = st == null ? null : new MacenkoStain.Stains(
                    st.hematoxylin() == null ? MacenkoStain.REFERENCE.hematoxylin() : st.hematoxylin(),
                    st.eosin() == null ? MacenkoStain.REFERENCE.eosin() : st.eosin(),
                    or(st.maxHematoxylin(), MacenkoStain.REFERENCE.maxHematoxylin()),
                    or(st.maxEosin(), MacenkoStain.REFERENCE.maxEosin()));
            return new SiteProfile(e.name(), e.modality(), e.description(), intensity, noise, or(e.psfSigma(), 0),
                    or(e.resampling(), 1), or(e.vignetting(), 0), e.jpegQuality() == null ? 0 : e.jpegQuality(),
                    or(e.stainJitter(), 0), stain);
        } catch (InvalidInputException problem) {
            throw problem.getMessage().startsWith("site") ? problem
                    : new InvalidInputException("site '" + e.name() + "': " + problem.getMessage());
        }
    }

    private static double or(Double value, double fallback) {
        return value == null ? fallback : value;
    }
}
