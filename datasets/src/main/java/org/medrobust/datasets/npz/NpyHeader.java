package org.medrobust.datasets.npz;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medrobust.datasets.InvalidInputException;

/**
 * The dict at the start of an .npy array, e.g. {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }}.
 *
 * @param dtype        element type
 * @param fortranOrder whether the data is stored column-major
 * @param shape        dimensions; empty for a scalar
 */
record NpyHeader(NpyDtype dtype, boolean fortranOrder, long[] shape) {

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** Parses the header text; {@code where} names the file and entry for messages. */
    static NpyHeader parse(String header, String where) {
        Object parsed;
        try {
            parsed = PythonLiteral.parse(header);
        } catch (PythonLiteral.SyntaxError e) {
            throw bad(where, "header is not a valid dict (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> dict) || !dict.keySet().equals(KEYS)) {
            throw bad(where, "header must hold exactly the keys 'descr', 'fortran_order' and 'shape'");
        }
        Object descr = dict.get("descr");
        if (descr instanceof List<?>) {
            throw new InvalidInputException(where + " has a structured (record) dtype, which medrobust does not read;"
                    + " save one plain numeric array per field");
        }
        if (!(descr instanceof String descrText)) {
            throw bad(where, "header 'descr' is not a string");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw bad(where, "header 'fortran_order' is not True or False");
        }
        if (!(dict.get("shape") instanceof List<?> dims)) {
            throw bad(where, "header 'shape' is not a tuple");
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long dim) || dim < 0) {
                throw bad(where, "header 'shape' holds '" + Text.printable(String.valueOf(dims.get(i)))
                        + "', not a non-negative integer");
            }
            shape[i] = dim;
        }
        return new NpyHeader(NpyDtype.parse(descrText, where), fortran, shape);
    }

    private static InvalidInputException bad(String where, String problem) {
        return new InvalidInputException(where + ": " + problem + "; re-export the array with numpy.save or numpy.savez");
    }
}
