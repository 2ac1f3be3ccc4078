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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * The append-only record of finished work: one JSON line per finished batch or failed scenario, each flushed and
 * fsynced before the next batch starts, so a crash or kill loses at most the batch in flight. Reopening it resumes:
 * finished batches are read back instead of recomputed; a torn last line (the crash hit mid-write) is cut off.
 */
public final class Journal implements AutoCloseable {

    public static final String FILE_NAME = "journal.jsonl";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Map<String, List<SampleOutcome>> batches = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();

    private Journal(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the journal of a campaign in {@code dir}. A journal of another campaign there is an error:
     * results are never mixed or overwritten.
     */
    public static Journal open(Path dir, String configSha256, List<String> plan) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel, file);
            Journal journal = new Journal(file, channel, lock);
            journal.recover(JournalEntry.header(configSha256, plan));
            return journal;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(file + ": cannot open journal: " + e.getMessage(), e);
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

    public void appendBatch(String scenario, int batch, List<SampleOutcome> outcomes) {
        append(JournalEntry.batch(scenario, batch, outcomes));
        batches.put(key(scenario, batch), List.copyOf(outcomes));
    }

    public void appendFailure(String scenario, String reason) {
        append(JournalEntry.failed(scenario, reason));
        failures.put(scenario, reason);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot close journal", e);
        }
    }

    private void recover(JournalEntry expectedHeader) throws IOException {
        byte[] content = new byte[(int) channel.size()];
        channel.read(ByteBuffer.wrap(content), 0);
        int lineStart = 0;
        int lineNumber = 0;
        boolean headerSeen = false;
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '\n') {
                continue;
            }
            lineNumber++;
            String line = new String(content, lineStart, i - lineStart, StandardCharsets.UTF_8);
            JournalEntry entry = parse(line, lineNumber);
            if (!headerSeen) {
                checkHeader(entry, expectedHeader);
                headerSeen = true;
            } else {
                remember(entry, lineNumber);
            }
            lineStart = i + 1;
        }
        // Bytes after the last newline are a line torn by a crash: drop them; that batch is recomputed.
        channel.truncate(lineStart);
        channel.position(lineStart);
        if (!headerSeen) {
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
        if (!JournalEntry.HEADER.equals(found.type()) || !expected.configSha256().equals(found.configSha256())
                || !expected.plan().equals(found.plan())) {
            throw new InvalidInputException(file + ": holds results of a different campaign (config SHA-256 "
                    + found.configSha256() + ", this one is " + expected.configSha256() + "); choose another --out "
                    + "or delete that directory");
        }
    }

    private void remember(JournalEntry entry, int lineNumber) {
        switch (entry.type()) {
            case JournalEntry.BATCH -> batches.put(key(entry.scenario(), entry.batch()), entry.outcomes());
            case JournalEntry.FAILED -> failures.put(entry.scenario(), entry.reason());
            default -> throw new InvalidInputException(file + ": line " + lineNumber + " has unknown type '"
                    + entry.type() + "'");
        }
    }

    private void append(JournalEntry entry) {
        try {
            byte[] line = (ResultJson.compact().writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot append to journal: " + e.getMessage(), e);
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
