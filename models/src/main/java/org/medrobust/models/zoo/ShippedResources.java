package org.medrobust.models.zoo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Files shipped on the classpath next to this class (inside the jar in a packaged build). */
final class ShippedResources {

    private ShippedResources() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = ShippedResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the built-in model file " + name + " is missing from the classpath ("
                        + ShippedResources.class.getPackageName().replace('.', '/') + "/): the build is broken");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in model file " + name, e);
        }
    }

    static boolean exists(String name) {
        return ShippedResources.class.getResource(name) != null;
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
