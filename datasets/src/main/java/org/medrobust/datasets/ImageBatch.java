package org.medrobust.datasets;

import java.util.List;

/** A batch of images of one shape, stored contiguously as (N, C, H, W) float32. */
public record ImageBatch(ImageShape shape, int size, float[] data) {

    public ImageBatch {
        if (size < 0 || (long) size * shape.pixels() != data.length) {
            throw new IllegalArgumentException("batch of " + size + " images of shape " + shape + " needs "
                    + (long) size * shape.pixels() + " values, got " + data.length);
        }
    }

    public static ImageBatch of(List<Image> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        ImageShape shape = images.getFirst().shape();
        int stride = shape.pixels();
        float[] data = new float[images.size() * stride];
        for (int i = 0; i < images.size(); i++) {
            Image image = images.get(i);
            if (!image.shape().equals(shape)) {
                throw new IllegalArgumentException("image " + i + " has shape " + image.shape() + ", batch has " + shape);
            }
            System.arraycopy(image.pixels(), 0, data, i * stride, stride);
        }
        return new ImageBatch(shape, images.size(), data);
    }

    /** A copy of image i. */
    public Image image(int i) {
        int stride = shape.pixels();
        float[] pixels = new float[stride];
        System.arraycopy(data, i * stride, pixels, 0, stride);
        return new Image(shape, pixels);
    }

    /** The batch as (N, C, H, W) dimensions. */
    public long[] dimensions() {
        return new long[] {size, shape.channels(), shape.height(), shape.width()};
    }
}
