package org.medrobust.suite.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.IoErrors;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.SampleOutcome;

/**
 * Reads a journal without resuming it and names every break of its hash chain: which line was edited, which were
 * removed, which came out of order. Each line carries its own number ({@code line}) and the SHA-256 of the line
 * before it ({@code prev}): a gap in the numbers is a removal, a number smaller than the one before is a reordering,
 * and a {@code prev} that no longer matches the line it names means that line was edited. The chain cannot show the
 * last lines removed or the last line edited; the {@link Journal.Head} a run records in environment.json can.
 */
public final class JournalAudit {

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, TreeMap<Integer, List<SampleOutcome>>> batches = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private CampaignIdentity identity;
    private List<String> plan = List.of();

    private record Line(int position, long number, String sha256, JournalEntry entry) {
    }

    private JournalAudit() {
    }

    /**
     * @param head what the last run recorded as the chain's head (environment.json), or empty when unknown
     */
    public static JournalAudit of(Path file, Optional<Journal.Head> head) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no journal here: not a medrobust results directory");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read journal: " + IoErrors.why(e));
        }
        JournalAudit audit = new JournalAudit();
        audit.check(file, new String(content, StandardCharsets.UTF_8), head);
        return audit;
    }

    /** One line per sign of tampering, naming the journal line; empty when the journal is intact. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** Facts that are not tampering but worth saying (a torn last line, lines after the recorded head). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public CampaignIdentity identity() {
        return identity;
    }

    public List<String> plan() {
        return plan;
    }

    /** The failure the journal recorded for a scenario, if any. */
    public Optional<String> failure(String scenario) {
        return Optional.ofNullable(failures.get(scenario));
    }

    /** The scenario's outcomes in batch order, or empty when it has no batch or a batch is missing in between. */
    public Optional<List<SampleOutcome>> outcomes(String scenario) {
        TreeMap<Integer, List<SampleOutcome>> done = batches.get(scenario);
        if (done == null || done.lastKey() != done.size() - 1) {
            return Optional.empty();
        }
        List<SampleOutcome> all = new ArrayList<>();
        done.values().forEach(all::addAll);
        return Optional.of(all);
    }

    private void check(Path file, String content, Optional<Journal.Head> head) {
        List<Line> lines = parse(file, content);
        if (lines.isEmpty()) {
            problems.add(file + ": the journal is empty");
            return;
        }
        boolean numbered = lines.stream().skip(1).allMatch(l -> l.entry() != null && l.entry().line() != null);
        checkOrder(file, lines, numbered);
        head.ifPresentOrElse(h -> checkHead(file, lines, h), () -> notes.add(file + ": no chain head recorded in "
                + "environment.json (written before medrobust recorded it): removing the last lines cannot be seen"));
        long last = head.map(Journal.Head::lines).orElse(Long.MAX_VALUE);
        lines.stream().filter(l -> l.entry() != null && l.number() <= last).forEach(this::remember);
    }

    private List<Line> parse(Path file, String content) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        int position = 0;
        for (int i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', start)) {
            position++;
            String text = content.substring(start, i);
            JournalEntry entry = null;
            try {
                entry = ResultJson.compact().readValue(text, JournalEntry.class);
            } catch (JsonProcessingException e) {
                problems.add(file + ": line " + position + " is not a journal record (edited)");
            }
            long number = entry == null || entry.line() == null ? position : entry.line();
            lines.add(new Line(position, number, Sha256.of(text), entry));
            start = i + 1;
        }
        if (start < content.length()) {
            notes.add(file + ": line " + (position + 1) + " is torn (a run was killed while writing it); a rerun "
                    + "cuts it off and recomputes that batch");
        }
        return lines;
    }

    private void checkOrder(Path file, List<Line> lines, boolean numbered) {
        Line first = lines.getFirst();
        if (first.entry() == null || !JournalEntry.HEADER.equals(first.entry().type())) {
            problems.add(file + ": line 1 is not the journal header (edited, removed or reordered)");
        } else {
            identity = first.entry().identity();
            plan = first.entry().plan() == null ? List.of() : first.entry().plan();
        }
        if (!numbered) {
            // journals written before lines were numbered: the chain shows where, not what
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).entry() != null && !lines.get(i - 1).sha256().equals(lines.get(i).entry().prev())) {
                    problems.add(file + ": line " + (i + 1) + " does not follow line " + i
                            + " (a line was edited, removed or reordered)");
                }
            }
            return;
        }
        Map<Long, Line> byNumber = new HashMap<>();
        lines.forEach(l -> byNumber.putIfAbsent(l.number(), l));
        long highest = lines.stream().mapToLong(Line::number).max().orElse(0);
        for (long n = 2; n <= highest; n++) {
            if (!byNumber.containsKey(n)) {
                long from = n;
                while (n + 1 <= highest && !byNumber.containsKey(n + 1)) {
                    n++;
                }
                problems.add(file + ": " + (from == n ? "line " + from + " was" : "lines " + from + "-" + n + " were")
                        + " removed (line " + byNumber.get(n + 1).position() + " of the file is record " + (n + 1)
                        + ")");
            }
        }
        for (int i = 1; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.number() < lines.get(i - 1).number()) {
                problems.add(file + ": line " + line.position() + " holds record " + line.number() + ", after record "
                        + lines.get(i - 1).number() + " (lines reordered)");
            }
            Line before = byNumber.get(line.number() - 1);
            if (line.entry() != null && before != null && !before.sha256().equals(line.entry().prev())) {
                problems.add(file + ": line " + before.position() + " was edited (record " + (line.number())
                        + " holds the SHA-256 of what it was)");
            }
        }
    }

    private void checkHead(Path file, List<Line> lines, Journal.Head head) {
        long highest = lines.stream().mapToLong(Line::number).max().orElse(0);
        if (highest < head.lines()) {
            long missing = head.lines() - highest;
            problems.add(file + ": the last " + (missing == 1 ? "line was" : missing + " lines were") + " removed "
                    + "(environment.json records " + head.lines() + " lines, the journal has " + highest + ")");
            return;
        }
        lines.stream().filter(l -> l.number() == head.lines()).findFirst().ifPresent(last -> {
            if (!last.sha256().equals(head.sha256())) {
                problems.add(file + ": line " + last.position() + ", the last the run wrote, was edited (its SHA-256 "
                        + "differs from the head environment.json records)");
            }
        });
        if (highest > head.lines()) {
            notes.add(file + ": lines " + (head.lines() + 1) + "-" + highest + " were appended after the results were "
                    + "written (a later run that did not finish); report.json is checked against lines 1-"
                    + head.lines());
        }
    }

    private void remember(Line line) {
        JournalEntry e = line.entry();
        if (JournalEntry.BATCH.equals(e.type())) {
            batches.computeIfAbsent(e.scenario(), k -> new TreeMap<>()).put(e.batch(), e.outcomes());
        } else if (JournalEntry.FAILED.equals(e.type())) {
            failures.put(e.scenario(), e.reason());
        }
    }
}
