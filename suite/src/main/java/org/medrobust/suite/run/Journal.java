package org.medrobust.suite.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.IoErrors;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * The append-only record of finished work: one JSON line per finished batch or failed scenario, each flushed and
 * fsynced before the next batch starts, so a crash or kill loses at most the batch in flight. A driver taking in
 * results faster than one fsync each can journal several in a {@link #group group}: one write and one fsync for all,
 * so a kill loses at most that group's lines, which a resumed run recomputes. Reopening it resumes:
 * finished batches are read back instead of recomputed; a torn last line (the crash hit mid-write) is cut off.
 *
 * <p>The header binds the journal to a {@link CampaignIdentity} (config, software, content of every input): a journal
 * of other content is refused, naming what changed. Each run appends a session line (software, start, batches it
 * found done) and, when it ends, an end line. Every line after the header carries the SHA-256 of the line before it,
 * so editing, removing or reordering lines is detected on reopening.
 */
public final class Journal implements AutoCloseable {

    public static final String FILE_NAME = "journal.jsonl";

    /** A run of the campaign: when, by which software, and how much it found done and computed. */
    public record Session(String software, String started, String finished, long resumedBatches, Long computedBatches) {
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, List<SampleOutcome>> batches = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private final Map<String, Double> seconds = new HashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    private String lastLineSha256;
    private long lines;
    private long computed;
    private long commits;
    /** The lines of the open {@link #group}, written and fsynced together when it ends; null outside a group. */
    private StringBuilder grouped;

    private Journal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the journal of a campaign in {@code dir} and starts a session. A journal of another
     * campaign, or of the same campaign over changed inputs or software, is an error: results are never mixed.
     */
    public static Journal open(Path dir, CampaignIdentity identity, List<String> plan) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, file);
            Journal journal = new Journal(file, channel, lock);
            journal.recover(JournalEntry.header(identity, plan));
            journal.startSession(identity.software());
            return journal;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(file + ": cannot open journal: " + IoErrors.why(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    public Optional<List<SampleOutcome>> batch(String scenario, int batch) {
        return Optional.ofNullable(batches.get(key(scenario, batch)));
    }

    public Optional<String> failure(String scenario) {
        return Optional.ofNullable(failures.get(scenario));
    }

    /** Seconds spent computing this scenario's journaled batches, over every session. */
    public double seconds(String scenario) {
        return seconds.getOrDefault(scenario, 0.0);
    }

    /**
     * The chain's head: how many lines the journal has and the SHA-256 of the last one. Written to environment.json
     * when a run ends, so that {@code medrobust verify} also notices the last lines removed or the last line edited,
     * which the chain itself cannot show.
     */
    public record Head(long lines, String sha256) {
    }

    public Head head() {
        return new Head(lines, lastLineSha256);
    }

    /** Every session so far, this one last (its end still open). */
    public List<Session> sessions() {
        return List.copyOf(sessions);
    }

    /**
     * Group commit: every line {@code appends} adds is written and fsynced once, when it returns (or throws: the
     * lines added so far are complete results and are kept). The hash chain runs through the group as through single
     * lines. A process killed inside the group leaves none of the group's lines on disk, only complete lines before
     * it: resuming recomputes those results. A group inside a group is part of the outer one.
     */
    public void group(Runnable appends) {
        if (grouped != null) {
            appends.run();
            return;
        }
        grouped = new StringBuilder();
        try {
            appends.run();
        } finally {
            String lines = grouped.toString();
            grouped = null;
            if (!lines.isEmpty()) {
                write(lines);
            }
        }
    }

    /** How many times lines were written and fsynced (one per line outside groups, one per non-empty group). */
    public long commits() {
        return commits;
    }

    public void appendBatch(String scenario, int batch, double batchSeconds, List<SampleOutcome> outcomes) {
        append(JournalEntry.batch(scenario, batch, batchSeconds, outcomes));
        batches.put(key(scenario, batch), List.copyOf(outcomes));
        seconds.merge(scenario, batchSeconds, Double::sum);
        computed++;
    }

    public void appendFailure(String scenario, double failureSeconds, String reason) {
        append(JournalEntry.failed(scenario, failureSeconds, reason));
        failures.put(scenario, reason);
        seconds.merge(scenario, failureSeconds, Double::sum);
    }

    /** Ends the session (an end line with the time and the batches computed) and releases the directory. */
    @Override
    public void close() {
        try {
            String finished = Instant.now().toString();
            append(JournalEntry.end(finished, computed));
            Session open = sessions.removeLast();
            sessions.add(new Session(open.software(), open.started(), finished, open.resumedBatches(), computed));
        } finally {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": cannot close journal: " + IoErrors.why(e), e);
            }
        }
    }

    private void startSession(String software) {
        String started = Instant.now().toString();
        long resumed = batches.size();
        append(JournalEntry.session(software, started, resumed));
        sessions.add(new Session(software, started, null, resumed, null));
    }

    private void recover(JournalEntry expectedHeader) throws IOException {
        byte[] content = new byte[Math.toIntExact(channel.size())];
        channel.read(ByteBuffer.wrap(content), 0);
        int lineStart = 0;
        int lineNumber = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '\n') {
                continue;
            }
            lineNumber++;
            String line = new String(content, lineStart, i - lineStart, StandardCharsets.UTF_8);
            JournalEntry entry = parse(line, lineNumber);
            if (lineNumber == 1) {
                checkHeader(entry, expectedHeader);
            } else {
                checkChain(entry, lineNumber);
                remember(entry, lineNumber);
            }
            lastLineSha256 = Sha256.of(line);
            lines = lineNumber;
            lineStart = i + 1;
        }
        // Bytes after the last newline are a line torn by a crash: drop them; that batch is recomputed.
        channel.truncate(lineStart);
        channel.position(lineStart);
        if (lineNumber == 0) {
            append(expectedHeader);
        }
    }

    private JournalEntry parse(String line, int lineNumber) {
        try {
            return ResultJson.compact().readValue(line, JournalEntry.class);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(file + ": line " + lineNumber + " is corrupt; move the directory away or "
                    + "choose another --out to start afresh");
        }
    }

    private void checkHeader(JournalEntry found, JournalEntry expected) {
        if (!JournalEntry.HEADER.equals(found.type()) || !JournalEntry.SCHEMA.equals(found.schema())
                || found.identity() == null) {
            throw new InvalidInputException(file + ": not a journal this medrobust can resume (schema "
                    + found.schema() + ", expected " + JournalEntry.SCHEMA + "); choose another --out or delete that "
                    + "directory");
        }
        String difference = expected.identity().differenceFrom(found.identity());
        if (difference == null && !expected.plan().equals(found.plan())) {
            difference = "holds results of a different plan of scenarios";
        }
        if (difference != null) {
            throw new InvalidInputException(file + ": " + difference + "; choose another --out or delete that "
                    + "directory");
        }
    }

    private void checkChain(JournalEntry entry, int lineNumber) {
        if (!Objects.equals(entry.prev(), lastLineSha256)) {
            throw new InvalidInputException(file + ": line " + lineNumber + " does not follow line " + (lineNumber - 1)
                    + " (a line was edited, removed or reordered); these results cannot be trusted: choose another "
                    + "--out to start afresh");
        }
    }

    private void remember(JournalEntry entry, int lineNumber) {
        switch (entry.type()) {
            case JournalEntry.BATCH -> {
                batches.put(key(entry.scenario(), entry.batch()), entry.outcomes());
                seconds.merge(entry.scenario(), entry.seconds() == null ? 0.0 : entry.seconds(), Double::sum);
            }
            case JournalEntry.FAILED -> {
                failures.put(entry.scenario(), entry.reason());
                seconds.merge(entry.scenario(), entry.seconds() == null ? 0.0 : entry.seconds(), Double::sum);
            }
            case JournalEntry.SESSION -> sessions.add(new Session(entry.software(), entry.time(), null,
                    entry.resumedBatches() == null ? 0 : entry.resumedBatches(), null));
            case JournalEntry.END -> {
                if (!sessions.isEmpty()) {
                    Session open = sessions.removeLast();
                    sessions.add(new Session(open.software(), open.started(), entry.time(), open.resumedBatches(),
                            entry.computedBatches()));
                }
            }
            default -> throw new InvalidInputException(file + ": line " + lineNumber + " has unknown type '"
                    + entry.type() + "'");
        }
    }

    private void append(JournalEntry entry) {
        try {
            String json = ResultJson.compact().writeValueAsString(
                    JournalEntry.HEADER.equals(entry.type()) ? entry : entry.chainedTo(lastLineSha256, lines + 1));
            lastLineSha256 = Sha256.of(json);
            lines++;
            if (grouped != null) {
                grouped.append(json).append('\n');
            } else {
                write(json + "\n");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(file + ": cannot serialise a journal line", e);
        }
    }

    /** Writes whole lines and fsyncs them before returning. */
    private void write(String text) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
            commits++;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append to journal: " + IoErrors.why(e), e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path file) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by this JVM: same answer as another process holding it
        }
        throw new InvalidInputException(file + ": another medrobust run is writing this directory; wait for it or "
                + "choose another --out");
    }

    private static String key(String scenario, int batch) {
        return scenario + "#" + batch;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one to report
            }
        }
    }
}
