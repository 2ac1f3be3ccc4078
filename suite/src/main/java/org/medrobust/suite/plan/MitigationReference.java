package org.medrobust.suite.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.Image;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.suite.config.ReferenceSpec;
import org.medrobust.suite.config.ThreatSpec;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.inputs.LoadedData;

/**
 * The images a threat entry's mitigations are fitted on, as loaded from its {@code reference}: the first
 * {@link ReferenceSpec#images()} images (of the named site, if any) of a data set. They stand for the source site
 * the models were validated on, so they must not be images the campaign then evaluates: {@link #requireDisjoint}.
 *
 * @param threat what the entry is (its id), for messages
 * @param spec   the reference as the config names it
 * @param images the images fitted on
 * @param sha256 SHA-256 of their pixels (float32 little-endian, image after image): what was fitted on, recorded
 *               in the scenario's parameters and the campaign identity
 */
public record MitigationReference(String threat, ReferenceSpec spec, List<Image> images, String sha256) {

    /** Loads {@code entry}'s reference through {@code loader} (the same checks and errors as a data entry). */
    public static MitigationReference load(ThreatSpec entry, InputLoader loader) {
        ReferenceSpec spec = entry.reference();
        Dataset data = loader.loadData(spec.data()).dataset();
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < data.size() && images.size() < spec.images(); i++) {
            if (spec.site() == null || spec.site().equals(data.site(i).orElse(null))) {
                images.add(data.image(i));
            }
        }
        if (images.isEmpty()) {
            throw new InvalidInputException("threat '" + entry.id() + "': reference " + spec.describe()
                    + " has no images" + (spec.site() == null ? "" : " of that site (its sites: "
                    + org.medrobust.datasets.SitedDataset.sites(data) + ")"));
        }
        return new MitigationReference(entry.id(), spec, List.copyOf(images), sha256(images));
    }

    /**
     * A one-line error if any reference image is also evaluated (the first {@code size()} samples of a data set):
     * a mitigation fitted on the images it is then judged on would overstate what it recovers.
     */
    public void requireDisjoint(List<LoadedData> evaluated) {
        Map<Integer, List<Integer>> byHash = new HashMap<>();
        for (int r = 0; r < images.size(); r++) {
            byHash.computeIfAbsent(Arrays.hashCode(images.get(r).pixels()), k -> new ArrayList<>()).add(r);
        }
        for (LoadedData d : evaluated) {
            for (int i = 0; i < d.size(); i++) {
                float[] pixels = d.dataset().image(i).pixels();
                for (int r : byHash.getOrDefault(Arrays.hashCode(pixels), List.of())) {
                    if (Arrays.equals(pixels, images.get(r).pixels())) {
                        throw new InvalidInputException("threat '" + threat + "': reference image " + r + " of "
                                + spec.describe() + " is also evaluated (sample " + i + " of " + d.key()
                                + "): fit mitigations on source-site images the campaign does not evaluate");
                    }
                }
            }
        }
    }

    /** "builtin:xray_sites val site source", with how many images. */
    public String describe() {
        return spec.describe() + ", " + images.size() + " images";
    }

    private static String sha256(List<Image> images) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Image image : images) {
                ByteBuffer bytes = ByteBuffer.allocate(image.pixels().length * Float.BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(image.pixels());
                digest.update(bytes.array());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
