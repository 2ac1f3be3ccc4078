package org.medrobust.models.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.medrobust.datasets.ImageBatch;
import org.medrobust.models.Classifier;

/** Checks a classifier's documented thread-safety: concurrent predictions equal sequential ones bit for bit. */
public final class Concurrency {

    private Concurrency() {
    }

    public static void assertConcurrentPredictionsMatch(Classifier model, List<ImageBatch> batches) throws Exception {
        List<int[]> sequential = batches.stream().map(b -> Bits.of(model.predict(b).values())).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<int[]>> results = new ArrayList<>();
                for (ImageBatch batch : batches) {
                    results.add(pool.submit(() -> Bits.of(model.predict(batch).values())));
                }
                for (int i = 0; i < batches.size(); i++) {
                    assertThat(results.get(i).get()).as("batch %d", i).containsExactly(sequential.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
