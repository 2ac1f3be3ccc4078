package org.medrobust.models.zoo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.models.Classifier;
import org.medrobust.models.cnn.PhantomCnn;

/** The models that ship with the suite, by id. Their weights are classpath resources, trained ahead of time. */
public final class BuiltinModels {

    /** The model a campaign uses when the user names none. */
    public static final String DEFAULT_ID = PhantomCnn.ID;

    /** The shipped models in listing order: the default, then the five reference families per data set. */
    public static final List<String> SHIPPED = List.of(PhantomCnn.ID,
            "cnn_phantom", "vit_phantom", "vim_phantom", "vmamba_phantom", "medmamba_phantom",
            "cnn_pneumonia", "vit_pneumonia", "vim_pneumonia", "vmamba_pneumonia", "medmamba_pneumonia",
            "cnn_breast", "vit_breast", "vim_breast", "vmamba_breast", "medmamba_breast");

    private static final Map<String, BuiltinModel> MODELS = index(SHIPPED.stream().map(ShippedModels::entry)
            .toArray(BuiltinModel[]::new));

    private BuiltinModels() {
    }

    /** Known ids, in listing order. */
    public static List<String> ids() {
        return List.copyOf(MODELS.keySet());
    }

    /** One line on what the model is and how well it does. */
    public static String describe(String id) {
        return find(id).description().get();
    }

    /** A fresh classifier; the caller closes it. */
    public static Classifier load(String id) {
        return find(id).loader().get();
    }

    private static BuiltinModel find(String id) {
        BuiltinModel model = MODELS.get(id);
        if (model == null) {
            throw new InvalidInputException("unknown built-in model '" + id + "': use one of " + String.join(", ", ids()));
        }
        return model;
    }

    private static Map<String, BuiltinModel> index(BuiltinModel... models) {
        Map<String, BuiltinModel> byId = new LinkedHashMap<>();
        for (BuiltinModel model : models) {
            byId.put(model.id(), model);
        }
        return Collections.unmodifiableMap(byId);
    }
}
