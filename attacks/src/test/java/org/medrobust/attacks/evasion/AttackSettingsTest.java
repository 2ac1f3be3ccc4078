package org.medrobust.attacks.evasion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.InvalidInputException;

/** One-line errors of a threat's settings, as a user writing YAML meets them. */
class AttackSettingsTest {

    @Test
    void aTextParameterThatYamlReadAsABooleanSaysToQuoteIt() {
        var settings = new AttackSettings("bit_flip_attack", Map.of("labels", true), Set.of("labels"));
        assertThatThrownBy(() -> settings.text("labels", "predicted"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("threat bit_flip_attack: parameter 'labels' must be text (quote it in YAML: 'true'), "
                        + "got 'true'");
    }

    @Test
    void textIsReadAsGivenAndAnAbsentKeyFallsBack() {
        var settings = new AttackSettings("bit_flip_attack", Map.of("labels", "true"), Set.of("labels", "protocol"));
        assertThat(settings.text("labels", "predicted")).isEqualTo("true");
        assertThat(settings.text("protocol", "perBatch")).isEqualTo("perBatch");
    }

    @Test
    void aListWhereTextIsExpectedGetsNoQuotingHint() {
        var settings = new AttackSettings("square", Map.of("norm", java.util.List.of(1)), Set.of("norm"));
        assertThatThrownBy(() -> settings.text("norm", "Linf")).hasMessage(
                "threat square: parameter 'norm' must be text, got '[1]'");
    }
}
