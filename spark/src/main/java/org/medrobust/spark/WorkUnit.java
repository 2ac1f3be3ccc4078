package org.medrobust.spark;

import java.io.Serializable;

/**
 * One task: batch {@code batch} of scenario {@code scenario} (a fault trial is a scenario of its own). Its clean
 * baseline, where it needs one, comes from the broadcast of clean predictions by {@code cleanKey}.
 */
record WorkUnit(String scenario, int batch, String cleanKey) implements Serializable {
}
