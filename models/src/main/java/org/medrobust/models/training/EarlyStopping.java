package org.medrobust.models.training;

/**
 * Early stopping on the validation split: after every epoch the {@code metric} is measured; the weights of the best
 * epoch so far are kept (the first one on ties), and training stops once {@code patience} epochs in a row brought no
 * improvement. The run then returns the best epoch's weights, not the last ones.
 *
 * @param patience epochs without improvement before stopping; 0 turns early stopping off (all epochs run and the
 *                 last epoch's weights are returned)
 */
public record EarlyStopping(ValMetric metric, int patience) {

    public static final EarlyStopping OFF = new EarlyStopping(ValMetric.ACCURACY, 0);

    public EarlyStopping {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
    }

    public boolean enabled() {
        return patience > 0;
    }
}
