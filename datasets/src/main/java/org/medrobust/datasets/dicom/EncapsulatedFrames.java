package org.medrobust.datasets.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.List;
import org.medrobust.datasets.dicom.DicomDataSet.Value;

/**
 * The bytes of one frame of encapsulated pixel data (PS3.5 section A.4): all fragments for a single frame; for
 * several frames, one fragment per frame, or the fragments the basic offset table points to.
 */
final class EncapsulatedFrames {

    private EncapsulatedFrames() {
    }

    static byte[] frame(DicomDataSet set, PixelModule module, int frame) {
        List<Value> items = set.fragments();
        List<Value> fragments = items.subList(1, items.size());
        if (module.frames() == 1) {
            return concat(set.data(), fragments);
        }
        if (fragments.size() == module.frames()) {
            return concat(set.data(), fragments.subList(frame, frame + 1));
        }
        Value table = items.getFirst();
        if (table.length() != 4L * module.frames()) {
            throw new Malformed(module.frames() + " frames in " + fragments.size() + " fragments need a basic offset table"
                    + " of " + module.frames() + " entries, the file has " + table.length() / 4);
        }
        long start = DicomBuffer.u32(set.data(), table.offset() + 4 * frame, ByteOrder.LITTLE_ENDIAN);
        long end = frame + 1 < module.frames()
                ? DicomBuffer.u32(set.data(), table.offset() + 4 * (frame + 1), ByteOrder.LITTLE_ENDIAN) : Long.MAX_VALUE;
        // offsets count from the first fragment's item tag; each item adds an 8-byte header
        int first = fragments.getFirst().offset() - 8;
        List<Value> chosen = fragments.stream()
                .filter(f -> f.offset() - 8 - first >= start && f.offset() - 8 - first < end).toList();
        if (chosen.isEmpty()) {
            throw new Malformed("the basic offset table points frame " + frame + " at no fragment");
        }
        return concat(set.data(), chosen);
    }

    private static byte[] concat(byte[] data, List<Value> fragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Value fragment : fragments) {
            out.write(data, fragment.offset(), fragment.length());
        }
        return out.toByteArray();
    }
}
