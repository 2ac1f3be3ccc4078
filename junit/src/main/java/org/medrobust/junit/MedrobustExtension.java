package org.medrobust.junit;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.medrobust.suite.Campaign;
import org.medrobust.suite.cli.ProcessSettings;
import org.medrobust.suite.config.CampaignConfig;
import org.medrobust.suite.config.ConfigLoader;
import org.medrobust.suite.inputs.DefaultInputLoader;
import org.medrobust.suite.run.ProgressListener;

/**
 * Runs the campaign named by {@link MedrobustCampaign} and hands its {@link CampaignResult} to test methods, e.g. a
 * {@code @TestFactory} returning {@link CampaignResult#gateTests()}: one dynamic test per gate, so a failed gate fails
 * the user's Maven build (and shows in Surefire and Allure reports like any test). The campaign runs once per config
 * and results directory for the whole build (the root store), offline, exactly as {@code medrobust run} would; bad
 * input fails the test with medrobust's one-line error.
 */
public final class MedrobustExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            MedrobustExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CampaignResult.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        MedrobustCampaign campaign = context.getRequiredTestClass().getAnnotation(MedrobustCampaign.class);
        if (campaign == null) {
            throw new ParameterResolutionException(context.getRequiredTestClass().getName() + " needs "
                    + "@MedrobustCampaign(config = ...) to get a CampaignResult");
        }
        String key = Path.of(campaign.config()).toAbsolutePath() + "|" + Path.of(campaign.out()).toAbsolutePath();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, k -> run(campaign),
                CampaignResult.class);
    }

    /** The campaign, into out/&lt;name&gt;-&lt;identity&gt; (a rerun of an unchanged campaign reuses its results). */
    static CampaignResult run(MedrobustCampaign campaign) {
        ProcessSettings.ensureOffline();
        CampaignConfig config = ConfigLoader.load(Path.of(campaign.config()));
        try (Campaign.Prepared prepared = new Campaign(config, new DefaultInputLoader(), ProgressListener.NONE)
                .prepare()) {
            Path dir = Path.of(campaign.out()).resolve(prepared.defaultOutDir().getFileName());
            return new CampaignResult(dir, prepared.run(dir));
        }
    }
}
