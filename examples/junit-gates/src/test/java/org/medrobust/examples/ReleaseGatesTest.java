package org.medrobust.examples;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medrobust.junit.CampaignResult;
import org.medrobust.junit.MedrobustCampaign;

/**
 * A model release's robustness gates as part of `mvn verify`: the campaign runs once, each gate verdict is a test,
 * and a failed gate fails the build (docs/gates.md#junit-5).
 */
@MedrobustCampaign(config = "src/test/resources/release-campaign.yaml")
class ReleaseGatesTest {

    @TestFactory
    Stream<DynamicTest> robustnessGates(CampaignResult campaign) {
        return campaign.gateTests();
    }
}
