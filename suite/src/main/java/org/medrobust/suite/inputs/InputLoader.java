package org.medrobust.suite.inputs;

import java.util.List;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;

/** Turns config entries into loaded models and data. Tests substitute their own. */
public interface InputLoader {

    LoadedModel loadModel(ModelSpec spec);

    /**
     * A model that may take what it cannot learn from its file from the data it will see (a TorchScript model's
     * image shape). Data is loaded first for this reason.
     */
    default LoadedModel loadModel(ModelSpec spec, List<LoadedData> data) {
        return loadModel(spec);
    }

    LoadedData loadData(DataSpec spec);
}
