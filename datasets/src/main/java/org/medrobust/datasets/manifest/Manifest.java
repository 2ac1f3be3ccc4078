package org.medrobust.datasets.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.manifest.CsvRows.Record;

/**
 * The rows of a manifest CSV: a header row naming the columns, in any order, then one row per image. Required
 * columns: {@code path}, {@code label}. Optional: {@code site}, {@code patient}, {@code split} (train, val or test;
 * without the column every row is test), {@code frame} (DICOM frame or TIFF page, 0-based, default 0),
 * {@code source_image} (an id of the underlying image this row renders, so that rows of different sites showing the
 * same patient image are compared paired). Other columns are refused, so a misspelt column name is not silently
 * ignored.
 */
final class Manifest {

    static final List<String> COLUMNS = List.of("path", "label", "site", "patient", "split", "frame",
            "source_image");
    private static final int MAX_FRAME = 1 << 20;

    private Manifest() {
    }

    static List<ManifestRow> rows(String text, String file) {
        List<Record> records = CsvRows.parse(text, file);
        if (records.isEmpty()) {
            throw new InvalidInputException(file + ": the manifest is empty; it needs a header row (path,label[,site]"
                    + "[,patient][,split][,frame][,source_image]) and one row per image");
        }
        Map<String, Integer> columns = columns(records.getFirst(), file);
        if (records.size() == 1) {
            throw new InvalidInputException(file + ": the manifest has a header but no image rows");
        }
        List<ManifestRow> rows = new ArrayList<>(records.size() - 1);
        for (Record record : records.subList(1, records.size())) {
            if (record.fields().size() != records.getFirst().fields().size()) {
                throw new InvalidInputException(file + " line " + record.line() + ": " + record.fields().size()
                        + " fields, the header has " + records.getFirst().fields().size());
            }
            rows.add(row(record, columns, file));
        }
        return rows;
    }

    private static Map<String, Integer> columns(Record header, String file) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (!COLUMNS.contains(name)) {
                throw new InvalidInputException(file + ": unknown column '" + header.fields().get(i).strip()
                        + "' in the header row; known columns are " + COLUMNS + " (path and label required)");
            }
            if (columns.put(name, i) != null) {
                throw new InvalidInputException(file + ": column '" + name + "' appears twice in the header row");
            }
        }
        for (String required : List.of("path", "label")) {
            if (!columns.containsKey(required)) {
                throw new InvalidInputException(file + ": the header row has no '" + required + "' column (found "
                        + header.fields() + "); the first row must name the columns, e.g. path,label,site,patient");
            }
        }
        return columns;
    }

    private static ManifestRow row(Record record, Map<String, Integer> columns, String file) {
        String path = field(record, columns, "path");
        if (path == null) {
            throw new InvalidInputException(file + " line " + record.line() + ": the path is empty");
        }
        String where = file + " line " + record.line() + " (" + path + ")";
        String label = field(record, columns, "label");
        if (label == null) {
            throw new InvalidInputException(where + ": the label is empty");
        }
        String splitText = field(record, columns, "split");
        Split split;
        try {
            split = splitText == null ? Split.TEST : Split.parse(splitText);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(where + ": " + e.getMessage(), e);
        }
        return new ManifestRow(record.line(), path, label, field(record, columns, "site"),
                field(record, columns, "patient"), split, frame(field(record, columns, "frame"), where),
                field(record, columns, "source_image"));
    }

    private static int frame(String text, String where) {
        if (text == null) {
            return 0;
        }
        try {
            int frame = Integer.parseInt(text);
            if (frame >= 0 && frame <= MAX_FRAME) {
                return frame;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException(where + ": frame '" + text + "' is not a frame index (0, 1, 2, ...)");
    }

    /** The stripped field of a column, or null when the column is absent or the field blank. */
    private static String field(Record record, Map<String, Integer> columns, String column) {
        Integer index = columns.get(column);
        if (index == null) {
            return null;
        }
        String value = record.fields().get(index).strip();
        return value.isEmpty() ? null : value;
    }
}
