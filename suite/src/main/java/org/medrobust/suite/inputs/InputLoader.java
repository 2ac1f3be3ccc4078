package org.medrobust.suite.inputs;

import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;

/** Turns config entries into loaded models and data. Tests substitute their own. */
public interface InputLoader {

    LoadedModel loadModel(ModelSpec spec);

    LoadedData loadData(DataSpec spec);
}
