package org.medrobust.perturbations.ops;

/** Pillow's 8-bit point operations, bit-exact: {@code Image.blend} (ImageEnhance) and the luma conversion. */
public final class Pil {

    private Pil() {
    }

    /**
     * {@code Image.blend(base, img, alpha)} as Pillow's {@code ImagingBlend} computes it: in float32,
     * {@code base + alpha (img - base)}, truncated toward zero; clipped to 0..255 when alpha is outside [0, 1].
     * ImageEnhance.Brightness blends with black, ImageEnhance.Contrast with the rounded mean luma.
     */
    public static int blend(int base, int value, float alpha) {
        float t = base + alpha * (value - base);
        if (alpha >= 0 && alpha <= 1) {
            return (int) t;
        }
        return t <= 0f ? 0 : t >= 255f ? 255 : (int) t;
    }

    /** Pillow {@code convert('L')}: {@code (19595 R + 38470 G + 7471 B + 0x8000) >> 16}. */
    public static int luma(int r, int g, int b) {
        return (19595 * r + 38470 * g + 7471 * b + 0x8000) >> 16;
    }
}
