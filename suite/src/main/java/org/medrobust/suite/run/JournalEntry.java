package org.medrobust.suite.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * One line of the journal. Three kinds: the header (what campaign this is), a finished batch, a failed scenario.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(String type, String schema, String configSha256, List<String> plan, String scenario, Integer batch,
        List<SampleOutcome> outcomes, String reason) {

    static final String HEADER = "header";
    static final String BATCH = "batch";
    static final String FAILED = "failed";
    static final String SCHEMA = "medrobust.journal/1";

    static JournalEntry header(String configSha256, List<String> plan) {
        return new JournalEntry(HEADER, SCHEMA, configSha256, plan, null, null, null, null);
    }

    static JournalEntry batch(String scenario, int batch, List<SampleOutcome> outcomes) {
        return new JournalEntry(BATCH, null, null, null, scenario, batch, outcomes, null);
    }

    static JournalEntry failed(String scenario, String reason) {
        return new JournalEntry(FAILED, null, null, null, scenario, null, null, reason);
    }
}
