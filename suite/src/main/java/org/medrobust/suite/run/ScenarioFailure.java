package org.medrobust.suite.run;

/** A scenario cannot go on (non-finite logits, a wrong output shape): it is recorded as failed with this reason. */
final class ScenarioFailure extends RuntimeException {

    ScenarioFailure(String message) {
        super(message);
    }
}
