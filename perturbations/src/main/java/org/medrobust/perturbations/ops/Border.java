package org.medrobust.perturbations.ops;

/** How a filter reads outside the image, under the names the reference libraries use. */
public enum Border {
    /** scipy.ndimage / skimage {@code 'nearest'}, ImageMagick's edge virtual pixels: {@code a a | a b c | c c}. */
    NEAREST,
    /** scipy.ndimage {@code 'reflect'} (half-sample symmetric): {@code b a | a b c | c b}. */
    REFLECT,
    /** OpenCV's default {@code BORDER_REFLECT_101}, torch {@code 'reflect'}: {@code c b | a b c | b a}. */
    REFLECT_101;

    /** The index inside [0, n) that stands for index i. */
    public int index(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        if (n == 1) {
            return 0;
        }
        return switch (this) {
            case NEAREST -> i < 0 ? 0 : n - 1;
            case REFLECT -> {
                int m = Math.floorMod(i, 2 * n);
                yield m < n ? m : 2 * n - 1 - m;
            }
            case REFLECT_101 -> {
                int m = Math.floorMod(i, 2 * n - 2);
                yield m < n ? m : 2 * n - 2 - m;
            }
        };
    }
}
