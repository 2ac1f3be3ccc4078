package org.medrobust.reports.schema;

import java.util.List;
import java.util.Map;

/**
 * Corruption errors of every model normalised by a baseline model's (ImageNet-C's CE, mCE and relative CE on
 * top-1 error; MedMNIST-C's BE and rBE on balanced error), per data split. Ratios, 1.0 = as robust as the baseline,
 * below 1 = more robust. A value is null where it is undefined (the baseline made no error, or was not degraded).
 *
 * @param baseline       the baseline's model id
 * @param baselineOrigin why it is the baseline: {@code config} (key {@code baseline}) or {@code first CNN}
 * @param datasets       one entry per data split with corruption scenarios
 */
public record CorruptionErrorReport(String baseline, String baselineOrigin, List<Split> datasets) {

    /**
     * @param corruptions the corruptions in the means: every severity completed by every model run on this split
     * @param excluded    corruptions left out of the means, with the reason
     * @param models      every model run on this split, the baseline included (its CE is 1 by definition)
     */
    public record Split(String dataset, String split, List<String> corruptions, Map<String, String> excluded,
            List<Model> models) {
    }

    /**
     * @param cleanError         top-1 error on the clean data (1 - accuracy)
     * @param ce                 CE per corruption: sum over severities of the model's error / the baseline's
     * @param mce                mean of {@code ce}
     * @param relativeCe         relative CE per corruption: the same on errors minus clean error
     * @param relativeMce        mean of {@code relativeCe}
     * @param cleanBalancedError 1 - balanced accuracy on the clean data
     * @param be                 MedMNIST-C's BE per corruption (CE on balanced errors)
     * @param meanBe             mean of {@code be}
     * @param relativeBe         MedMNIST-C's rBE per corruption
     * @param meanRelativeBe     mean of {@code relativeBe}
     */
    public record Model(String model, Double cleanError, Map<String, Double> ce, Double mce,
            Map<String, Double> relativeCe, Double relativeMce, Double cleanBalancedError, Map<String, Double> be,
            Double meanBe, Map<String, Double> relativeBe, Double meanRelativeBe) {
    }
}
