package org.medrobust.datasets.npz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.medrobust.datasets.InvalidInputException;

/**
 * A numeric numpy element type, parsed from an .npy 'descr' such as "<f8" or "|u1".
 *
 * @param descr    the descr as written in the file
 * @param kind     'b' (bool), 'i' (signed), 'u' (unsigned) or 'f' (IEEE float)
 * @param itemSize bytes per element
 * @param order    byte order of multi-byte elements
 */
public record NpyDtype(String descr, char kind, int itemSize, ByteOrder order) {

    /** Parses a descr; {@code where} names the file and entry for the one-line error message. */
    public static NpyDtype parse(String descr, String where) {
        if (descr.matches("[<>|=]?O\\d*")) {
            throw new InvalidInputException(where + " holds pickled Python objects, which medrobust never loads (dtype '"
                    + Text.printable(descr) + "'); save plain numeric arrays instead");
        }
        if (descr.length() < 3) {
            throw unsupported(descr, where);
        }
        char orderChar = descr.charAt(0);
        char kind = descr.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw unsupported(descr, where);
        }
        boolean known = switch (kind) {
            case 'b' -> size == 1;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'f' -> size == 2 || size == 4 || size == 8;
            default -> false;
        };
        if (!known) {
            throw unsupported(descr, where);
        }
        ByteOrder order = switch (orderChar) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            // '=' is native order; '|' means "not applicable", valid only for single bytes.
            case '=' -> ByteOrder.nativeOrder();
            case '|' -> {
                if (size != 1) {
                    throw unsupported(descr, where);
                }
                yield ByteOrder.LITTLE_ENDIAN;
            }
            default -> throw unsupported(descr, where);
        };
        return new NpyDtype(descr, kind, size, order);
    }

    private static InvalidInputException unsupported(String descr, String where) {
        return new InvalidInputException(where + " has unsupported dtype '" + Text.printable(descr)
                + "' (medrobust reads bool, int8-64, uint8-64, float16-64); convert it with numpy, e.g. a.astype(np.float32)");
    }

    public boolean isFloatingPoint() {
        return kind == 'f';
    }

    /** True for bool, signed and unsigned integers. */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** A readable numpy name, e.g. "uint8" or "float64", for messages. */
    public String typeName() {
        return switch (kind) {
            case 'b' -> "bool";
            case 'i' -> "int" + itemSize * 8;
            case 'u' -> "uint" + itemSize * 8;
            default -> "float" + itemSize * 8;
        };
    }

    /** Element {@code index} (in storage order) as a double; uint64 above 2^63 stays unsigned. */
    double readDouble(ByteBuffer buffer, int index) {
        int at = index * itemSize;
        return switch (kind) {
            case 'f' -> switch (itemSize) {
                case 2 -> Float.float16ToFloat(buffer.getShort(at));
                case 4 -> buffer.getFloat(at);
                default -> buffer.getDouble(at);
            };
            case 'u' -> itemSize == 8 ? unsignedLongToDouble(buffer.getLong(at)) : readLong(buffer, index);
            default -> readLong(buffer, index);
        };
    }

    /** Element {@code index} of an integer or bool array as a long; uint64 above 2^63 wraps (callers check). */
    long readLong(ByteBuffer buffer, int index) {
        int at = index * itemSize;
        return switch (kind) {
            case 'b' -> buffer.get(at) != 0 ? 1 : 0;
            case 'i' -> switch (itemSize) {
                case 1 -> buffer.get(at);
                case 2 -> buffer.getShort(at);
                case 4 -> buffer.getInt(at);
                default -> buffer.getLong(at);
            };
            case 'u' -> switch (itemSize) {
                case 1 -> Byte.toUnsignedLong(buffer.get(at));
                case 2 -> Short.toUnsignedLong(buffer.getShort(at));
                case 4 -> Integer.toUnsignedLong(buffer.getInt(at));
                default -> buffer.getLong(at);
            };
            default -> throw new IllegalStateException("readLong on " + descr);
        };
    }

    private static double unsignedLongToDouble(long bits) {
        double value = (double) (bits >>> 1) * 2.0;
        return value + (bits & 1);
    }
}
