package org.medrobust.suite.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.WarmStart;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.models.zoo.ShippedModels;

/** Resolves {@code train --init}: a shipped model ({@code builtin:<id>}) or a model card file with its weights. */
final class InitialWeights {

    private static final String BUILTIN = "builtin:";
    private static final String CARD_SUFFIX = ".card.json";

    private InitialWeights() {
    }

    static WarmStart resolve(String value) {
        if (value.startsWith(BUILTIN)) {
            String id = value.substring(BUILTIN.length());
            if (!ShippedModels.has(id)) {
                throw new InvalidInputException("--init " + value + ": no such trained built-in model; trained ones are "
                        + BuiltinModels.SHIPPED.stream().filter(ShippedModels::has).toList());
            }
            return new WarmStart(value, ShippedModels.card(id).architecture().name(), ShippedModels.params(id));
        }
        Path card = Path.of(value);
        String name = card.getFileName() == null ? "" : card.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(CARD_SUFFIX)) {
            throw new InvalidInputException("--init " + value + ": give builtin:<id> or a model card file <id>"
                    + CARD_SUFFIX + " (its .params next to it)");
        }
        ModelCard parsed = ModelCard.fromJson(read(card), card.toString());
        Path weights = card.resolveSibling(parsed.weights().file());
        byte[] params = readBytes(weights);
        String sha256 = Sha256.of(params);
        if (!sha256.equals(parsed.weights().sha256())) {
            throw new InvalidInputException(weights + ": not the weights its card " + name + " describes (SHA-256 "
                    + sha256.substring(0, 12) + "... instead of " + parsed.weights().sha256().substring(0, 12) + "...)");
        }
        return new WarmStart(card.toString(), parsed.architecture().name(), params);
    }

    private static String read(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found (needed by --init)");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
