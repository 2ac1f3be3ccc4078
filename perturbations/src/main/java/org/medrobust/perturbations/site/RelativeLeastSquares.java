package org.medrobust.perturbations.site;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * Least squares of {@code T ~ alpha S + a Lambda + b W} with {@code alpha >= 0}, each equation weighted by
 * {@code 1 / T} (relative errors), solved by QR (commons-math3); if the unconstrained alpha is negative, alpha is 0
 * (the optimum then lies on that bound). a and b are free in sign: the target's noise may be weaker than the
 * source's (other patients, another share of the source's own noise).
 */
final class RelativeLeastSquares {

    private RelativeLeastSquares() {
    }

    /**
     * The least weighted sum of squared relative residuals.
     *
     * @param synthetic the statistics of the source rendered through the candidate (S)
     * @param noise per statistic {Lambda, W} ({@link DifferenceStatistics#noiseTerms})
     */
    static double residual(double[] target, double[] synthetic, double[][] noise) {
        int n = target.length;
        double[][] columns = new double[3][n];
        for (int f = 0; f < n; f++) {
            double weight = 1 / Math.max(target[f], 1e-12);
            columns[0][f] = synthetic[f] * weight;
            columns[1][f] = noise[f][0] * weight;
            columns[2][f] = noise[f][1] * weight;
        }
        double full = residual(columns, 0);
        return Double.isNaN(full) ? residual(columns, 1) : full;
    }

    /** The residual using columns {@code from..2}; NaN if column 0 is used and its coefficient is negative. */
    private static double residual(double[][] columns, int from) {
        int n = columns[0].length;
        int m = columns.length - from;
        double[][] design = new double[n][m];
        for (int f = 0; f < n; f++) {
            for (int j = 0; j < m; j++) {
                design[f][j] = columns[from + j][f];
            }
        }
        double[] ones = new double[n];
        Arrays.fill(ones, 1);
        double[] x;
        try {
            x = new QRDecomposition(new Array2DRowRealMatrix(design, false)).getSolver()
                    .solve(new ArrayRealVector(ones, false)).toArray();
        } catch (SingularMatrixException singular) {
            return n; // nothing explained: every relative residual is 1
        }
        if (from == 0 && !(x[0] >= 0)) {
            return Double.NaN;
        }
        double sse = 0;
        for (int f = 0; f < n; f++) {
            double e = 1;
            for (int j = 0; j < m; j++) {
                e -= x[j] * design[f][j];
            }
            sse += e * e;
        }
        return sse;
    }
}
