package org.medrobust.models.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

class SidecarFileTest {

    @TempDir
    Path dir;

    @Test
    void sitsNextToTheModelFile() {
        assertThat(SidecarFile.of(dir.resolve("m.onnx"))).isEqualTo(dir.resolve("m.onnx.medrobust.yaml"));
    }

    @Test
    void absentSidecarDeclaresNothing() {
        assertThat(SidecarFile.read(dir.resolve("m.onnx"))).isEqualTo(InputSpec.NONE);
    }

    @Test
    void readsTextAndListSpellingsAlike() throws IOException {
        InputSpec text = sidecar("a.onnx", "inputShape: 1x28x28\nvalueRange: 0,255\nclasses: normal,pneumonia\n");
        InputSpec lists = sidecar("b.onnx", "inputShape: [1, 28, 28]\nvalueRange: [0, 255]\nclasses: [normal, pneumonia]\n");
        for (InputSpec spec : new InputSpec[] {text, lists}) {
            assertThat(spec.shapeOrNull()).isEqualTo(new ImageShape(1, 28, 28));
            assertThat(spec.rangeOrUnit()).isEqualTo(new ValueRange(0, 255));
            assertThat(spec.classesOrNull()).containsExactly("normal", "pneumonia");
        }
        assertThat(lists.shape().origin()).isEqualTo("sidecar b.onnx.medrobust.yaml");
    }

    @Test
    void everyKeyIsOptional() throws IOException {
        InputSpec spec = sidecar("m.onnx", "valueRange: [-1, 1]\n");
        assertThat(spec.shape()).isNull();
        assertThat(spec.classes()).isNull();
        assertThat(spec.rangeOrUnit()).isEqualTo(new ValueRange(-1, 1));
        assertThat(sidecar("e.onnx", "\n")).isEqualTo(InputSpec.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "inputShape: 3x28\n",
            "inputShape: 0x28x28\n",
            "inputShape: -1x28x28\n",
            "inputShape: 1x99999x99999\n",
            "inputShape: {c: 1}\n",
            "valueRange: [1, 0]\n",
            "valueRange: [0, .nan]\n",
            "valueRange: [0, 1e300]\n",
            "valueRange: [0, 1, 2]\n",
            "valueRange: zero,one\n",
            "classes: []\n",
            "classes: [a, a]\n",
            "classes: [a, '']\n",
            "classes: [[a], b]\n",
            "classes: 7\n",
            "classes: [\"a\\u0007b\", c]\n",
            "inputshape: 1x28x28\n",
            "- just\n- a list\n",
            "inputShape: [1, 28\n",
            "a: &a [x, x]\nb: *a\n"})
    void hostileValuesGiveOneLineErrorsNamingModelAndSidecar(String yaml) throws IOException {
        Path model = dir.resolve("m.onnx");
        Files.writeString(SidecarFile.of(model), yaml);
        assertThatThrownBy(() -> SidecarFile.read(model)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(model + ": sidecar m.onnx.medrobust.yaml: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void brokenYamlSaysWhatIsWrongWithoutQuotingTheSource() throws IOException {
        Path model = dir.resolve("m.onnx");
        Files.writeString(SidecarFile.of(model), "valueRange: [0, 255\n");
        assertThatThrownBy(() -> SidecarFile.read(model)).isInstanceOf(InvalidInputException.class)
                .hasMessageEndingWith("while parsing a flow sequence: expected ',' or ']', but got <stream end>")
                .hasMessageNotContaining("in 'reader'");
    }

    @Test
    void aHugeOrNonRegularSidecarIsRefused() throws IOException {
        Path big = dir.resolve("big.onnx");
        Files.writeString(SidecarFile.of(big), "classes: [" + "x,".repeat(40_000) + "y]\n");
        assertThatThrownBy(() -> SidecarFile.read(big)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 65536 bytes").hasMessageNotContaining("\n");
        Path folder = dir.resolve("folder.onnx");
        Files.createDirectory(SidecarFile.of(folder));
        assertThatThrownBy(() -> SidecarFile.read(folder)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a regular file");
    }

    private InputSpec sidecar(String model, String yaml) throws IOException {
        Files.writeString(SidecarFile.of(dir.resolve(model)), yaml);
        return SidecarFile.read(dir.resolve(model));
    }
}
