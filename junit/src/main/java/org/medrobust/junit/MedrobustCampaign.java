package org.medrobust.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a medrobust campaign for a test class (once per build, shared by every test that asks for its
 * {@link CampaignResult}); see {@link MedrobustExtension} and docs/gates.md#junit-5.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MedrobustExtension.class)
public @interface MedrobustCampaign {

    /** The campaign config (YAML), relative to the module's directory, e.g. src/test/resources/campaign.yaml. */
    String config();

    /**
     * Where results go: a directory per campaign identity below this one (config, content of every input, software),
     * so a changed model gets fresh results and an unchanged one resumes or reuses its own.
     */
    String out() default "target/medrobust-results";
}
