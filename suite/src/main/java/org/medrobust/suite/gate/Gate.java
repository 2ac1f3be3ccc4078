package org.medrobust.suite.gate;

import java.util.List;
import org.medrobust.reports.schema.GateVerdict;
import org.medrobust.reports.schema.ScenarioResult;

/** A pass/fail rule over a campaign's scenario results. A failed verdict makes the run exit with code 1. */
public interface Gate {

    /** One verdict per subject (model, scenario) the gate applies to. */
    List<GateVerdict> evaluate(List<ScenarioResult> scenarios);
}
