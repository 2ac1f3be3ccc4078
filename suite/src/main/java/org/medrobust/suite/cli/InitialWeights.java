package org.medrobust.suite.cli;

import java.nio.file.Path;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.training.WarmStart;
import org.medrobust.models.zoo.BuiltinModels;
import org.medrobust.models.zoo.ShippedModels;
import org.medrobust.suite.inputs.CardFiles;

/** Resolves {@code train --init}: a shipped model ({@code builtin:<id>}) or a model card file with its weights. */
final class InitialWeights {

    private static final String BUILTIN = "builtin:";

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
        if (!CardFiles.isCard(name)) {
            throw new InvalidInputException("--init " + value + ": give builtin:<id> or a model card file <id>"
                    + CardFiles.SUFFIX + " (its .params next to it)");
        }
        CardFiles.Read read = CardFiles.read(card, "needed by --init");
        return new WarmStart(card.toString(), read.card().architecture().name(), read.params());
    }
}
