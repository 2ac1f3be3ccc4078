package org.medrobust.models.scan;

/**
 * Sizes of one selective scan, in mamba_ssm's layout: u, delta, z, out are (batch, dim, length); A is (dim, dstate);
 * B and C are (batch, groups, dstate, length), where groups = 1 is the same memory as mamba_ssm's (batch, dstate, length);
 * channel d uses group d / (dim / groups).
 */
public record ScanShape(int batch, int dim, int dstate, int length, int groups) {

    public ScanShape {
        if (batch < 1 || dim < 1 || dstate < 1 || length < 1 || groups < 1) {
            throw new IllegalArgumentException("all sizes must be >= 1: " + this);
        }
        if (dim % groups != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not divisible by groups " + groups);
        }
        if ((long) batch * dim * length > Integer.MAX_VALUE || (long) batch * groups * dstate * length > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large for int indexing: " + this);
        }
    }

    /** Ungrouped B and C, (batch, dstate, length). */
    public static ScanShape of(int batch, int dim, int dstate, int length) {
        return new ScanShape(batch, dim, dstate, length, 1);
    }

    /** Elements of u, delta, z and out. */
    public int sequenceSize() {
        return batch * dim * length;
    }

    /** Elements of A (and its gradient). */
    public int aSize() {
        return dim * dstate;
    }

    /** Elements of B and C. */
    public int bcSize() {
        return batch * groups * dstate * length;
    }

    /** Elements of the last state h_L, (batch, dim, dstate). */
    public int stateSize() {
        return batch * dim * dstate;
    }

    /** Channels that share one group of B and C. */
    public int channelsPerGroup() {
        return dim / groups;
    }

    /** Group of channel d. */
    public int groupOf(int d) {
        return d / (dim / groups);
    }
}
