package org.medrobust.suite.inputs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.training.ModelCard;

/**
 * A model written by {@code medrobust train}: its card {@code <id>.card.json} and the weights file the card names,
 * next to it, checked against the card's SHA-256. Read by {@code train --init} and by campaigns
 * ({@code --model <id>.card.json}, e.g. a leave-one-site-out model).
 */
public final class CardFiles {

    /** How a model card file's name ends. */
    public static final String SUFFIX = ".card.json";

    /** A card and its weights. */
    public record Read(ModelCard card, byte[] params) {
    }

    private CardFiles() {
    }

    public static boolean isCard(String source) {
        return source.toLowerCase(Locale.ROOT).endsWith(SUFFIX);
    }

    /** @param purpose what needs the file, for errors, e.g. "needed by --init" */
    public static Read read(Path card, String purpose) {
        ModelCard parsed = ModelCard.fromJson(new String(bytes(card, purpose), StandardCharsets.UTF_8),
                card.toString());
        Path weights = card.resolveSibling(parsed.weights().file());
        byte[] params = bytes(weights, purpose);
        String sha256 = Sha256.of(params);
        if (!sha256.equals(parsed.weights().sha256())) {
            throw new InvalidInputException(weights + ": not the weights its card " + card.getFileName()
                    + " describes (SHA-256 " + sha256.substring(0, 12) + "... instead of "
                    + parsed.weights().sha256().substring(0, 12) + "...)");
        }
        return new Read(parsed, params);
    }

    private static byte[] bytes(Path file, String purpose) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(file + ": file not found (" + purpose + ")");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
