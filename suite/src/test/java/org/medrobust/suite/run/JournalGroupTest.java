package org.medrobust.suite.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * Oracle: what is on disk. Inside a group nothing of the group has been written (a process killed there leaves the
 * lines before the group, a journal that opens and resumes them, and recomputes the group); after it, every line is
 * there with one fsync for all, the hash chain intact, and a reopened journal has every batch.
 */
class JournalGroupTest {

    private static final CampaignIdentity IDENTITY = new CampaignIdentity("config", "software", List.of());
    private static final List<String> PLAN = List.of("s");

    @TempDir
    Path tmp;

    @Test
    void aGroupIsWrittenAndFsyncedOnceAndAKillInsideItLosesOnlyTheGroup() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Path killed = Files.createDirectories(tmp.resolve("killed"));
        try (Journal journal = Journal.open(dir, IDENTITY, PLAN)) {
            journal.appendBatch("s", 0, 1.0, outcomes(0));
            long commits = journal.commits();
            long before = Files.size(dir.resolve(Journal.FILE_NAME));
            journal.group(() -> {
                for (int b = 1; b <= 4; b++) {
                    journal.appendBatch("s", b, 1.0, outcomes(b));
                }
                // a kill now: the file is what SIGKILL would leave
                copy(dir, killed);
                assertThat(size(dir)).isEqualTo(before);
            });
            assertThat(journal.commits()).isEqualTo(commits + 1);
            assertThat(journal.batch("s", 4)).contains(outcomes(4));
        }
        try (Journal resumed = Journal.open(killed, IDENTITY, PLAN)) {
            assertThat(resumed.batch("s", 0)).contains(outcomes(0));
            assertThat(resumed.batch("s", 1)).isEmpty(); // the group is recomputed
            assertThat(resumed.sessions().getLast().resumedBatches()).isEqualTo(1);
        }
        try (Journal reopened = Journal.open(dir, IDENTITY, PLAN)) {
            for (int b = 0; b <= 4; b++) {
                assertThat(reopened.batch("s", b)).contains(outcomes(b));
            }
            assertThat(reopened.sessions().getLast().resumedBatches()).isEqualTo(5);
        }
    }

    @Test
    void aGroupThatThrowsKeepsTheLinesAddedBeforeAndNestedGroupsJoinTheOuter() {
        Path dir = tmp;
        try (Journal journal = Journal.open(dir, IDENTITY, PLAN)) {
            long commits = journal.commits();
            assertThatThrownBy(() -> journal.group(() -> {
                journal.appendBatch("s", 0, 1.0, outcomes(0));
                journal.group(() -> journal.appendBatch("s", 1, 1.0, outcomes(1)));
                throw new IllegalStateException("driver crash");
            })).hasMessage("driver crash");
            assertThat(journal.commits()).isEqualTo(commits + 1);
        }
        try (Journal reopened = Journal.open(dir, IDENTITY, PLAN)) {
            assertThat(reopened.batch("s", 0)).isPresent();
            assertThat(reopened.batch("s", 1)).isPresent();
        }
    }

    private static List<SampleOutcome> outcomes(int batch) {
        return List.of(new SampleOutcome(2 * batch, 0, 1, 0, 0.75, 0.0, 0.0),
                new SampleOutcome(2 * batch + 1, 1, 1, 1, 0.5, 0.0, 0.0));
    }

    private static long size(Path dir) {
        try {
            return Files.size(dir.resolve(Journal.FILE_NAME));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from.resolve(Journal.FILE_NAME), to.resolve(Journal.FILE_NAME));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
