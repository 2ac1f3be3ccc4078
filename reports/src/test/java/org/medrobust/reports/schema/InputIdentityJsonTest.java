package org.medrobust.reports.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.reports.json.ResultJson;
import org.medrobust.reports.schema.ModelInput.Part;

/** The identities in report.json: field order, the model input object, and reading both back. */
class InputIdentityJsonTest {

    private static final InputIdentity MODEL = new InputIdentity("m", "onnx", "m.onnx", "cd".repeat(32), null,
            new ModelInput(new Part("1x28x28", "sidecar m.onnx.medrobust.yaml"), new Part("[0, 1]", "default"),
                    new Part("normal,pneumonia", "--classes/classes")));

    private static final InputIdentity DATA = new InputIdentity("ward/test", "npz", "ward.npz", "ef".repeat(32),
            List.of("normal", "pneumonia"));

    @Test
    void aModelCarriesItsInputLastWithEachPartsOrigin() throws JsonProcessingException {
        assertThat(ResultJson.compact().writeValueAsString(MODEL)).isEqualTo("{\"id\":\"m\",\"kind\":\"onnx\","
                + "\"source\":\"m.onnx\",\"sha256\":\"" + "cd".repeat(32) + "\",\"input\":{"
                + "\"shape\":{\"value\":\"1x28x28\",\"origin\":\"sidecar m.onnx.medrobust.yaml\"},"
                + "\"valueRange\":{\"value\":\"[0, 1]\",\"origin\":\"default\"},"
                + "\"classes\":{\"value\":\"normal,pneumonia\",\"origin\":\"--classes/classes\"}}}");
    }

    @Test
    void aDataSetHasNoInputField() throws JsonProcessingException {
        assertThat(ResultJson.compact().writeValueAsString(DATA)).isEqualTo("{\"id\":\"ward/test\",\"kind\":\"npz\","
                + "\"source\":\"ward.npz\",\"sha256\":\"" + "ef".repeat(32) + "\",\"classes\":[\"normal\",\"pneumonia\"]}");
    }

    @Test
    void bothReadBackUnchangedAndOlderReportsWithoutInputStillRead() throws JsonProcessingException {
        for (InputIdentity identity : List.of(MODEL, DATA)) {
            String json = ResultJson.pretty().writeValueAsString(identity);
            assertThat(ResultJson.pretty().readValue(json, InputIdentity.class)).isEqualTo(identity);
        }
        InputIdentity old = ResultJson.pretty().readValue("{\"id\":\"m\",\"kind\":\"onnx\",\"source\":\"m.onnx\","
                + "\"sha256\":\"ab\"}", InputIdentity.class);
        assertThat(old).isEqualTo(new InputIdentity("m", "onnx", "m.onnx", "ab", null));
    }
}
