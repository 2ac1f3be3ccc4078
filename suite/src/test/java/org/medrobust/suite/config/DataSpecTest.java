package org.medrobust.suite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data entry's optional classes, label and frame: read from YAML, kept by CLI overrides, absent from old hashes. */
class DataSpecTest {

    @TempDir
    Path tmp;

    @Test
    void classesLabelAndFrameAreReadAndSurviveSplitAndLimitOverrides() throws IOException {
        Path file = Files.writeString(tmp.resolve("c.yaml"), """
                data: [{source: scan.dcm, classes: [normal, pneumonia], label: pneumonia, frame: 2}]
                models: [{source: "builtin:cnn_pneumonia"}]
                """);
        DataSpec spec = ConfigLoader.load(file).data().getFirst();
        assertThat(spec).isEqualTo(new DataSpec("scan.dcm", "test", 0, List.of("normal", "pneumonia"), "pneumonia", 2));
        assertThat(spec.withSplitAndLimit("val", 5))
                .isEqualTo(new DataSpec("scan.dcm", "val", 5, List.of("normal", "pneumonia"), "pneumonia", 2));
        assertThat(spec.withSplitAndLimit(null, null)).isEqualTo(spec);
        assertThatThrownBy(() -> new DataSpec("scan.dcm", null, null, null, null, -1)).hasMessageContaining("frame must be >= 0");
    }

    @Test
    void aNamedSourceSiteIsReadKeptByOverridesRecordedAndNeverBlank() throws IOException {
        Path file = Files.writeString(tmp.resolve("s.yaml"), """
                data: [{source: ward.csv, sourceSite: north}]
                models: [{source: "builtin:cnn_pneumonia"}]
                """);
        CampaignConfig config = ConfigLoader.load(file);
        DataSpec spec = config.data().getFirst();
        assertThat(spec.sourceSite()).isEqualTo("north");
        assertThat(spec.withSplitAndLimit("val", 5).sourceSite()).isEqualTo("north");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = ((List<Map<String, Object>>) ConfigLoader.toMap(config).get("data")).getFirst();
        assertThat(data).containsEntry("sourceSite", "north");
        assertThatThrownBy(() -> new DataSpec("ward.csv", null, null, null, null, null, null, " "))
                .hasMessageContaining("sourceSite is blank");
    }

    @Test
    void unsetKeysAreLeftOutOfTheRecordedConfigSoOldHashesHold() {
        CampaignConfig config = new CampaignConfig("c", 1L, 8, List.of(new DataSpec("scans.npz", "test", 0)),
                List.of(ModelSpec.of("builtin:cnn_pneumonia")), List.of(), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = ((List<Map<String, Object>>) ConfigLoader.toMap(config).get("data")).getFirst();
        assertThat(data).containsOnlyKeys("source", "split", "limit");
    }
}
