package org.medrobust.suite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medrobust.datasets.InvalidInputException;

class ConfigLoaderTest {

    @TempDir
    Path tmp;

    private Path yaml(String text) throws IOException {
        Path file = tmp.resolve("campaign.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsEveryFieldAndFillsDefaults() throws IOException {
        CampaignConfig config = ConfigLoader.load(yaml("""
                name: ward-3
                seed: 11
                data:
                  - source: scans.npz
                models:
                  - source: model.onnx
                    inputShape: 1,28,28
                threats:
                  - id: gaussian_noise
                    severities: [2, 4]
                gates:
                  - type: max_accuracy_drop
                    threshold: 0.1
                    threat: gaussian_noise
                """));
        assertThat(config.name()).isEqualTo("ward-3");
        assertThat(config.seed()).isEqualTo(11L);
        assertThat(config.batchSize()).isEqualTo(64);
        assertThat(config.data().getFirst()).isEqualTo(new DataSpec("scans.npz", "test", 0));
        assertThat(config.models().getFirst().inputShape()).isEqualTo("1,28,28");
        assertThat(config.threats().getFirst().severities()).containsExactly(2, 4);
        assertThat(config.gates().getFirst().threshold()).isEqualTo(0.1);
    }

    @Test
    void presetsLoad() {
        assertThat(ConfigLoader.preset("default").models()).extracting(ModelSpec::source)
                .containsExactly("builtin:cnn_pneumonia", "builtin:vit_pneumonia", "builtin:vim_pneumonia",
                        "builtin:vmamba_pneumonia", "builtin:medmamba_pneumonia");
        assertThat(ConfigLoader.preset("default").data()).extracting(DataSpec::source)
                .containsExactly("builtin:pneumoniamnist", "builtin:xray_sites");
        assertThat(ConfigLoader.preset("full").data()).isNotEmpty();
        // every threat of both presets resolves (a typo in a preset would only show when someone runs it)
        for (String preset : ConfigLoader.PRESETS) {
            ConfigLoader.preset(preset).threats().forEach(org.medrobust.suite.plan.ThreatCatalog::resolve);
        }
        assertThatThrownBy(() -> ConfigLoader.preset("huge")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown preset 'huge'");
    }

    @Test
    void hashIgnoresYamlFormattingButNotContent() throws IOException {
        String a = ConfigLoader.sha256(ConfigLoader.load(yaml("seed: 3\ndata: [{source: x.npz}]\nmodels: [{source: m.onnx}]\n")));
        String b = ConfigLoader.sha256(ConfigLoader.load(yaml("models:\n  - source: m.onnx\ndata:\n  - {split: test, source: x.npz}\nseed: 3\n")));
        String c = ConfigLoader.sha256(ConfigLoader.load(yaml("seed: 4\ndata: [{source: x.npz}]\nmodels: [{source: m.onnx}]\n")));
        assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(64);
    }

    @Test
    void aTypoNamesTheSettingAndTheLine() throws IOException {
        Path file = yaml("seed: 3\nmodles: [{source: m.onnx}]\n");
        assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining("unknown setting 'modles'").hasMessageContaining("line 2")
                .hasMessageNotContaining("\n");
    }

    @Test
    void brokenYamlMissingPiecesAndBadValuesAreOneLineErrors() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(yaml("seed: 'unterminated\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid YAML")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("seed: 1\nmodels: [{source: m.onnx}]\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("has no data");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("seed: abc\ndata: [{source: x}]\nmodels: [{source: m}]\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 1")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("batchSize: 0\ndata: [{source: x}]\nmodels: [{source: m}]\n")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("batchSize must be in 1..65536");
        assertThatThrownBy(() -> ConfigLoader.load(yaml("")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("config is empty");
        assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("missing.yaml")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing.yaml: config file not found");
    }
}
