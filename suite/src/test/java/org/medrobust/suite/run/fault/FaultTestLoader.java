package org.medrobust.suite.run.fault;

import java.util.function.Function;
import org.medrobust.models.Classifier;
import org.medrobust.reports.schema.InputIdentity;
import org.medrobust.suite.config.DataSpec;
import org.medrobust.suite.config.ModelSpec;
import org.medrobust.suite.fixtures.FakeInputLoader;
import org.medrobust.suite.inputs.InputLoader;
import org.medrobust.suite.inputs.LoadedData;
import org.medrobust.suite.inputs.LoadedModel;

/**
 * The fixtures' loader, except that {@code builtin:<id>} with an id starting with {@code prefix} loads
 * {@code factory.apply(id)} (a model with writable weights); any other id is the fixtures' read-only classifier.
 */
final class FaultTestLoader implements InputLoader {

    private final FakeInputLoader fake = FakeInputLoader.healthy();
    private final String prefix;
    private final Function<String, Classifier> factory;

    FaultTestLoader(String prefix, Function<String, Classifier> factory) {
        this.prefix = prefix;
        this.factory = factory;
    }

    @Override
    public LoadedModel loadModel(ModelSpec spec) {
        String id = spec.source().replace("builtin:", "");
        if (!id.startsWith(prefix)) {
            return fake.loadModel(spec);
        }
        Classifier model = factory.apply(id);
        return new LoadedModel(model, new InputIdentity(id, model.kind(), spec.source(), model.sha256(), null));
    }

    @Override
    public LoadedData loadData(DataSpec spec) {
        return fake.loadData(spec);
    }
}
