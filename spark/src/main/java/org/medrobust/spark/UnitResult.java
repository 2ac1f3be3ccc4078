package org.medrobust.spark;

import java.io.Serializable;

/**
 * A finished unit as it travels back to the driver: its outcomes as the journal's JSON (so the driver journals and
 * reads back exactly what a single-JVM run would), or the one-line reason its scenario failed.
 *
 * @param seconds  compute time inside the task (model already loaded), for the journal and the benchmark
 * @param executor where it ran (Spark's executor id), for the benchmark
 */
record UnitResult(String scenario, int batch, double seconds, String outcomesJson, String failure, String executor)
        implements Serializable {
}
