package org.medrobust.datasets.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.medrobust.datasets.dicom.DicomDataSet.Value;

/**
 * Parses a DICOM Part 10 file (PS3.10 section 7.1: 128-byte preamble, "DICM", the file meta group in explicit VR
 * little endian) and its data set in the transfer syntax the meta group names (PS3.5 section 7: element encodings,
 * 7.5: sequences of defined and undefined length, A.4: encapsulated pixel data, A.5: deflate). Only top-level
 * elements are kept; sequences are walked and skipped. Parsing stops after the pixel data element.
 */
final class DicomParser {

    static final long UNDEFINED = 0xFFFF_FFFFL;
    private static final int ITEM = 0xFFFE_E000;
    private static final int ITEM_END = 0xFFFE_E00D;
    private static final int SEQUENCE_END = 0xFFFE_E0DD;
    private static final int PIXEL_DATA = 0x7FE0_0010;
    private static final Set<Integer> OTHER_PIXEL_DATA = Set.of(0x7FE0_0008, 0x7FE0_0009);
    /** VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 table 7.1-1). */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");
    /** Deeper nesting is taken for a hostile file (real files nest a handful of levels). */
    private static final int MAX_DEPTH = 32;
    /** An inflated data set larger than this is refused rather than held in memory. */
    static final int MAX_INFLATED_BYTES = 256 << 20;

    private DicomParser() {
    }

    static DicomDataSet parse(byte[] file) {
        if (file.length < 132 || !"DICM".equals(new String(file, 128, 4, StandardCharsets.ISO_8859_1))) {
            throw new Malformed("not a DICOM Part 10 file (no 'DICM' after the 128-byte preamble)");
        }
        DicomBuffer buffer = new DicomBuffer(file, 132, ByteOrder.LITTLE_ENDIAN);
        TransferSyntax syntax = TransferSyntax.of(readMetaGroup(buffer));
        if (syntax.pixels == TransferSyntax.Pixels.UNSUPPORTED) {
            throw new Malformed("pixel data in " + syntax.named() + " cannot be decoded here (no codec for it in the JDK"
                    + " or medrobust); convert the file to an uncompressed transfer syntax first, e.g. with dcmtk's"
                    + " dcmdjpls/dcmdjp2k or gdcmconv --raw");
        }
        if (syntax == TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN) {
            buffer = new DicomBuffer(inflate(file, buffer.position()), 0, ByteOrder.LITTLE_ENDIAN);
        } else {
            buffer.order(syntax.order);
        }
        return readDataSet(buffer, syntax);
    }

    /** The meta group's elements (always explicit VR little endian); returns the transfer syntax UID. */
    private static String readMetaGroup(DicomBuffer buffer) {
        String uid = null;
        while (buffer.remaining() >= 2 && DicomBuffer.u16(buffer.data(), buffer.position(), ByteOrder.LITTLE_ENDIAN) == 0x0002) {
            Header header = header(buffer, true);
            if (header.length == UNDEFINED) {
                throw new Malformed("meta group element " + header.tagText() + " has an undefined length");
            }
            if (header.tag == 0x0002_0010) {
                buffer.require(header.length, "the transfer syntax UID");
                uid = buffer.ascii((int) header.length).replace('\0', ' ').strip();
            } else {
                buffer.skip(header.length, "meta element " + header.tagText());
            }
        }
        if (uid == null) {
            throw new Malformed("the file meta group has no Transfer Syntax UID (0002,0010)");
        }
        return uid;
    }

    private static DicomDataSet readDataSet(DicomBuffer buffer, TransferSyntax syntax) {
        Map<Integer, Value> elements = new HashMap<>();
        boolean explicit = syntax.explicitVr && !implicitDespiteMeta(buffer);
        while (buffer.remaining() > 0) {
            Header header = header(buffer, explicit);
            if (header.tag == PIXEL_DATA) {
                if (header.length == UNDEFINED) {
                    return new DicomDataSet(syntax, buffer.data(), elements, null, fragments(buffer));
                }
                buffer.require(header.length, "the pixel data (7FE0,0010)");
                return new DicomDataSet(syntax, buffer.data(), elements, new Value(buffer.position(), (int) header.length), null);
            }
            if (OTHER_PIXEL_DATA.contains(header.tag)) {
                throw new Malformed("float or double pixel data " + header.tagText() + " is not supported; only integer"
                        + " Pixel Data (7FE0,0010) is");
            }
            if (header.length == UNDEFINED) {
                skipSequence(buffer, explicit && !"UN".equals(header.vr), 1);
            } else {
                buffer.require(header.length, "element " + header.tagText());
                elements.putIfAbsent(header.tag, new Value(buffer.position(), (int) header.length));
                buffer.skip(header.length, "element " + header.tagText());
            }
        }
        return new DicomDataSet(syntax, buffer.data(), elements, null, null);
    }

    /**
     * Some writers declare an explicit VR syntax but write the data set in implicit VR; like pydicom, the first
     * element tells: where a VR should be there are no two capital letters.
     */
    private static boolean implicitDespiteMeta(DicomBuffer buffer) {
        if (buffer.remaining() < 6) {
            return false;
        }
        byte[] data = buffer.data();
        int at = buffer.position() + 4;
        return !(Character.isUpperCase(data[at]) && Character.isUpperCase(data[at + 1]));
    }

    /** Walks a sequence of undefined length up to and including its delimiter (PS3.5 section 7.5). */
    private static void skipSequence(DicomBuffer buffer, boolean explicit, int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("sequences nested deeper than " + MAX_DEPTH + " levels at offset " + buffer.position());
        }
        while (true) {
            Header item = header(buffer, false);
            if (item.tag == SEQUENCE_END) {
                return;
            }
            if (item.tag != ITEM) {
                throw new Malformed("expected a sequence item at offset " + (buffer.position() - 8) + ", found "
                        + item.tagText());
            }
            if (item.length != UNDEFINED) {
                buffer.skip(item.length, "a sequence item");
                continue;
            }
            while (true) {
                Header element = header(buffer, explicit); // items and delimiters are read without a VR
                if (element.tag == ITEM_END) {
                    break;
                }
                if (element.length == UNDEFINED) {
                    skipSequence(buffer, explicit && !"UN".equals(element.vr), depth + 1);
                } else {
                    buffer.skip(element.length, "element " + element.tagText());
                }
            }
        }
    }

    /** The basic offset table and fragments of encapsulated pixel data (PS3.5 section A.4). */
    private static List<Value> fragments(DicomBuffer buffer) {
        ByteOrder order = buffer.order();
        buffer.order(ByteOrder.LITTLE_ENDIAN); // encapsulated syntaxes are little endian throughout
        List<Value> fragments = new ArrayList<>();
        while (true) {
            Header item = header(buffer, false);
            if (item.tag == SEQUENCE_END) {
                break;
            }
            if (item.tag != ITEM || item.length == UNDEFINED) {
                throw new Malformed("encapsulated pixel data has " + item.tagText() + " where a fragment item should be,"
                        + " at offset " + (buffer.position() - 8));
            }
            buffer.require(item.length, "a pixel data fragment");
            fragments.add(new Value(buffer.position(), (int) item.length));
            buffer.skip(item.length, "a pixel data fragment");
        }
        buffer.order(order);
        if (fragments.size() < 2) {
            throw new Malformed("encapsulated pixel data holds no fragments after its offset table");
        }
        return fragments;
    }

    /** One element header: tag, VR (explicit only; items and delimiters have none) and 32-bit length. */
    private record Header(int tag, String vr, long length) {
        String tagText() {
            return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
        }
    }

    private static Header header(DicomBuffer buffer, boolean explicit) {
        buffer.require(8, "an element header");
        int tag = buffer.u16() << 16 | buffer.u16();
        if (tag >>> 16 == 0xFFFE || !explicit) {
            return new Header(tag, null, buffer.u32());
        }
        String vr = buffer.ascii(2);
        if (!vr.matches("[A-Z]{2}")) {
            throw new Malformed(String.format("element (%04X,%04X) at offset %d has the invalid VR %s", tag >>> 16,
                    tag & 0xffff, buffer.position() - 6, Malformed.printable(vr)));
        }
        if (LONG_VRS.contains(vr)) {
            buffer.skip(2, "reserved bytes");
            return new Header(tag, vr, buffer.u32());
        }
        return new Header(tag, vr, buffer.u16());
    }

    /** The deflated data set after the meta group (PS3.5 section A.5: raw deflate, no zlib header). */
    private static byte[] inflate(byte[] file, int from) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(file, from, file.length - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new Malformed("truncated: the deflated data set ends before its deflate stream does");
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_INFLATED_BYTES) {
                    throw new Malformed("the deflated data set inflates to more than " + (MAX_INFLATED_BYTES >> 20)
                            + " MiB; refused");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new Malformed("the deflated data set is corrupt (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }
}
