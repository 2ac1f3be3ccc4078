package org.medrobust.suite.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * One line of the journal. Five kinds: the header (what campaign this is, bound to the content of its inputs), a
 * session start and end (who ran when), a finished batch, a failed scenario. Every line but the header carries
 * {@code prev}, the SHA-256 of the line before it, so an edited, removed or reordered line breaks the chain, and
 * {@code line}, its own line number, so that {@code medrobust verify} can tell a removed or reordered line from an
 * edited one (journals written before it have no line numbers; the chain alone still detects every change).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JournalEntry(String type, Long line, String schema, CampaignIdentity identity, List<String> plan, String prev,
        String software, String time, Long resumedBatches, Long computedBatches, String scenario, Integer batch,
        Double seconds, List<SampleOutcome> outcomes, String reason) {

    static final String HEADER = "header";
    static final String SESSION = "session";
    static final String END = "end";
    static final String BATCH = "batch";
    static final String FAILED = "failed";
    static final String SCHEMA = "medrobust.journal/2";

    static JournalEntry header(CampaignIdentity identity, List<String> plan) {
        return new JournalEntry(HEADER, null, SCHEMA, identity, plan, null, null, null, null, null, null, null, null,
                null, null);
    }

    static JournalEntry session(String software, String started, long resumedBatches) {
        return new JournalEntry(SESSION, null, null, null, null, null, software, started, resumedBatches, null, null,
                null, null, null, null);
    }

    static JournalEntry end(String finished, long computedBatches) {
        return new JournalEntry(END, null, null, null, null, null, null, finished, null, computedBatches, null, null,
                null, null, null);
    }

    static JournalEntry batch(String scenario, int batch, double seconds, List<SampleOutcome> outcomes) {
        return new JournalEntry(BATCH, null, null, null, null, null, null, null, null, null, scenario, batch, seconds,
                outcomes, null);
    }

    static JournalEntry failed(String scenario, double seconds, String reason) {
        return new JournalEntry(FAILED, null, null, null, null, null, null, null, null, null, scenario, null, seconds,
                null, reason);
    }

    JournalEntry chainedTo(String previousLineSha256, long lineNumber) {
        return new JournalEntry(type, lineNumber, schema, identity, plan, previousLineSha256, software, time,
                resumedBatches, computedBatches, scenario, batch, seconds, outcomes, reason);
    }
}
