package org.medrobust.models.training;

import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;

/** Small phantom data sets for quick training tests. */
final class TinyData {

    private TinyData() {
    }

    /** 16 px phantoms: {@code train} training, 48 validation and 32 test images. */
    static DataSource phantoms(int train) {
        return PhantomData.generate(new PhantomSpec(5, 16, train, 48, 32));
    }
}
