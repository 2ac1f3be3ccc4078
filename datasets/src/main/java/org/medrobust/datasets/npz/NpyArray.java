package org.medrobust.datasets.npz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.medrobust.datasets.InvalidInputException;

/**
 * One numpy array as stored in an .npy file: raw bytes plus the header that describes them.
 * Immutable: the shape is copied and the buffer is read-only. Every {@code to...} method and
 * {@link #getDouble(long)} return elements in C (row-major) order, also for arrays stored in Fortran order.
 *
 * @param name         the entry name without ".npy", e.g. "train_images"
 * @param dtype        the numpy descr, e.g. "|u1" or "<f8"
 * @param shape        dimensions; empty for a scalar
 * @param fortranOrder whether {@code data} is stored column-major
 * @param data         the elements in storage order, {@link #size()} times the item size bytes
 */
public record NpyArray(String name, String dtype, long[] shape, boolean fortranOrder, ByteBuffer data) {

    public NpyArray {
        NpyDtype type = NpyDtype.parse(dtype, "array '" + Text.printable(name) + "'");
        shape = shape.clone();
        long count = elementCount(shape, name);
        if (count > Integer.MAX_VALUE || (long) data.remaining() != count * type.itemSize()) {
            throw new InvalidInputException("array '" + Text.printable(name) + "': shape " + Arrays.toString(shape)
                    + " of " + type.typeName() + " needs " + count * type.itemSize() + " bytes, got " + data.remaining());
        }
        data = data.asReadOnlyBuffer().slice().order(type.order());
    }

    /** Product of the dimensions; rejects arrays too large for one Java array. */
    static long elementCount(long[] shape, String name) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new InvalidInputException("array '" + Text.printable(name) + "' has negative dimension " + dim);
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                count = Long.MAX_VALUE;
            }
        }
        return count;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A read-only view of the raw bytes (storage order, the file's byte order). */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(data.order());
    }

    /** The parsed element type. */
    public NpyDtype type() {
        return NpyDtype.parse(dtype, "array '" + Text.printable(name) + "'");
    }

    /** Number of elements (1 for a scalar). */
    public long size() {
        return elementCount(shape, name);
    }

    public int ndim() {
        return shape.length;
    }

    /** Length of one axis; negative axes count from the end, as in numpy. */
    public int dim(int axis) {
        int resolved = axis < 0 ? shape.length + axis : axis;
        if (resolved < 0 || resolved >= shape.length) {
            throw new IndexOutOfBoundsException("axis " + axis + " of array '" + name + "' with " + shape.length + " dimensions");
        }
        return Math.toIntExact(shape[resolved]);
    }

    /** Element at {@code index} of the C-order flattening, as a double. */
    public double getDouble(long index) {
        int cIndex = Math.toIntExact(Objects.checkIndex(index, size()));
        return type().readDouble(data, storageIndex(cIndex, fortranStrides()));
    }

    public double[] toDoubles() {
        NpyDtype type = type();
        long[] strides = fortranStrides();
        double[] out = new double[count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = type.readDouble(data, storageIndex(i, strides));
        }
        return out;
    }

    public float[] toFloats() {
        NpyDtype type = type();
        long[] strides = fortranStrides();
        float[] out = new float[count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) type.readDouble(data, storageIndex(i, strides));
        }
        return out;
    }

    /** Integer or bool elements as longs; refuses float arrays and uint64 values above Long.MAX_VALUE. */
    public long[] toLongs() {
        NpyDtype type = requireInteger();
        long[] strides = fortranStrides();
        long[] out = new long[count()];
        for (int i = 0; i < out.length; i++) {
            long value = type.readLong(data, storageIndex(i, strides));
            if (value < 0 && type.kind() == 'u') {
                throw outOfRange(i, Long.toUnsignedString(value), "int64");
            }
            out[i] = value;
        }
        return out;
    }

    /** Integer or bool elements as ints; refuses float arrays and values outside the int range. */
    public int[] toInts() {
        NpyDtype type = requireInteger();
        long[] strides = fortranStrides();
        int[] out = new int[count()];
        for (int i = 0; i < out.length; i++) {
            long value = type.readLong(data, storageIndex(i, strides));
            if (value != (int) value || (value < 0 && type.kind() == 'u')) {
                throw outOfRange(i, type.kind() == 'u' ? Long.toUnsignedString(value) : Long.toString(value), "int32");
            }
            out[i] = (int) value;
        }
        return out;
    }

    private NpyDtype requireInteger() {
        NpyDtype type = type();
        if (!type.isInteger()) {
            throw new InvalidInputException("array '" + Text.printable(name) + "' holds " + type.typeName()
                    + " values where integers are expected; store it as an integer dtype");
        }
        return type;
    }

    private InvalidInputException outOfRange(int index, String value, String target) {
        return new InvalidInputException("array '" + Text.printable(name) + "' element " + index + " is " + value
                + ", outside the " + target + " range; store smaller values");
    }

    private int count() {
        // The constructor guarantees the bytes fit one ByteBuffer, so the element count fits an int.
        return Math.toIntExact(size());
    }

    /** Strides (in elements) of the Fortran storage, or null when the storage is already C order. */
    private long[] fortranStrides() {
        if (!fortranOrder || shape.length < 2) {
            return null;
        }
        long[] strides = new long[shape.length];
        long stride = 1;
        for (int axis = 0; axis < shape.length; axis++) {
            strides[axis] = stride;
            stride *= shape[axis];
        }
        return strides;
    }

    /** Maps a C-order flat index to the position in storage; identity when {@code strides} is null. */
    private int storageIndex(int cIndex, long[] strides) {
        if (strides == null) {
            return cIndex;
        }
        long rest = cIndex;
        long offset = 0;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            offset += (rest % shape[axis]) * strides[axis];
            rest /= shape[axis];
        }
        return (int) offset;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyArray that && name.equals(that.name) && dtype.equals(that.dtype)
                && Arrays.equals(shape, that.shape) && fortranOrder == that.fortranOrder && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyArray[" + name + " " + dtype + " " + Arrays.toString(shape) + (fortranOrder ? " fortran" : "") + "]";
    }
}
