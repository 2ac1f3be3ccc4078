package org.medrobust.datasets.manifest;

import java.util.ArrayList;
import java.util.List;
import org.medrobust.datasets.InvalidInputException;

/**
 * The records of a small CSV text (RFC 4180: comma separated, fields optionally in double quotes with "" for a
 * quote, CRLF or LF line ends; a UTF-8 byte order mark is skipped). Blank lines are skipped. Each record keeps the
 * line it starts on, so errors can name it.
 */
final class CsvRows {

    /** One record and the 1-based line it starts on. */
    record Record(int line, List<String> fields) {
    }

    private CsvRows() {
    }

    static List<Record> parse(String text, String file) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int recordLine = 1;
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += c == '\n' ? 1 : 0;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                endRecord(records, fields, field, fieldStarted, recordLine);
                fieldStarted = false;
                line++;
                recordLine = line;
            } else {
                field.append(c);
                fieldStarted = true;
            }
        }
        if (quoted) {
            throw new InvalidInputException(file + ": line " + recordLine + " opens a quoted field that never closes");
        }
        endRecord(records, fields, field, fieldStarted, recordLine);
        return records;
    }

    private static void endRecord(List<Record> records, List<String> fields, StringBuilder field, boolean started,
                                  int line) {
        if (started || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(new Record(line, List.copyOf(fields)));
        }
        fields.clear();
        field.setLength(0);
    }
}
