package org.medrobust.models.user;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The model file formats a user can bring, recognised by file name extension. */
public enum UserModelFormat {
    ONNX(List.of(".onnx")),
    TORCHSCRIPT(List.of(".pt", ".torchscript", ".ts"));

    private final List<String> extensions;

    UserModelFormat(List<String> extensions) {
        this.extensions = extensions;
    }

    public static Optional<UserModelFormat> of(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Stream.of(values()).filter(f -> f.extensions.stream().anyMatch(name::endsWith)).findFirst();
    }

    /**
     * The file name without the format's extensions, however many are stacked ("pneumonia_cnn.torchscript.pt" ->
     * "pneumonia_cnn"): the model's default id in results.
     */
    public String baseName(Path file) {
        String name = file.getFileName().toString();
        while (true) {
            String lower = name.toLowerCase(Locale.ROOT);
            Optional<String> ext = extensions.stream().filter(e -> lower.endsWith(e) && lower.length() > e.length())
                    .findFirst();
            if (ext.isEmpty()) {
                return name;
            }
            name = name.substring(0, name.length() - ext.get().length());
        }
    }

    /** Every recognised extension, for error messages. */
    public static List<String> allExtensions() {
        return Stream.of(values()).flatMap(f -> f.extensions.stream()).toList();
    }
}
