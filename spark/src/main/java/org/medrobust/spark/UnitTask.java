package org.medrobust.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.Serializable;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.broadcast.Broadcast;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.suite.plan.Scenario;
import org.medrobust.suite.run.BatchUnit;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * What an executor runs per task (one partition holds one {@link WorkUnit}): borrow the JVM's loaded campaign,
 * compute the batch exactly as the single-JVM runner does ({@link BatchUnit}), and return it as journal JSON. A
 * batch that throws is a result (its scenario failed, as in a single-JVM run), not a Spark task failure; a lost
 * executor is a task failure, which Spark retries elsewhere.
 */
final class UnitTask extends AbstractFunction1<Iterator<WorkUnit>, UnitResult> implements Serializable {

    private final Broadcast<CampaignPayload> payload;
    private final Broadcast<Map<String, int[]>> cleanPredictions;
    private final long seed;
    private final int batchSize;

    UnitTask(Broadcast<CampaignPayload> payload, Broadcast<Map<String, int[]>> cleanPredictions, long seed,
            int batchSize) {
        this.payload = payload;
        this.cleanPredictions = cleanPredictions;
        this.seed = seed;
        this.batchSize = batchSize;
    }

    @Override
    public UnitResult apply(Iterator<WorkUnit> units) {
        WorkUnit unit = units.next();
        ExecutorCampaign campaign = ExecutorCampaign.borrow(payload.value());
        try {
            Scenario scenario = campaign.scenarios.get(unit.scenario());
            int[] clean = unit.cleanKey() == null ? null : cleanPredictions.value().get(unit.cleanKey());
            long start = System.nanoTime();
            try {
                var outcomes = BatchUnit.compute(seed, batchSize, scenario, campaign.models.get(scenario.modelId()),
                        campaign.data.get(scenario.dataKey()), unit.batch(), clean);
                return new UnitResult(unit.scenario(), unit.batch(), seconds(start),
                        ResultJson.compact().writeValueAsString(outcomes), null, executor());
            } catch (RuntimeException e) { // isolated like in CampaignRunner: the scenario fails, the campaign goes on
                return new UnitResult(unit.scenario(), unit.batch(), seconds(start), null, BatchUnit.reason(e),
                        executor());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the outcomes of " + unit, e);
            }
        } finally {
            campaign.release();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String executor() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "?" : env.executorId();
    }
}
