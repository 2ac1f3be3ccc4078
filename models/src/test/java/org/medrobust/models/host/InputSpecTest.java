package org.medrobust.models.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;

class InputSpecTest {

    private static final Path FILE = Path.of("m.onnx");

    @Test
    void theStrongerDeclarationWinsPartByPart() {
        InputSpec flags = InputSpecText.parse(FILE, "--input-shape", "3x32x32", null, null);
        InputSpec sidecar = InputSpecText.parse(FILE, "sidecar", "1x28x28", "0,255", List.of("a", "b"));
        InputSpec effective = flags.orElse(sidecar);
        assertThat(effective.shapeOrNull()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(effective.shape().origin()).isEqualTo("--input-shape");
        assertThat(effective.rangeOrUnit()).isEqualTo(new ValueRange(0, 255));
        assertThat(effective.range().origin()).isEqualTo("sidecar");
        assertThat(effective.classesOrNull()).containsExactly("a", "b");
        assertThat(sidecar.orElse(flags).shapeOrNull()).isEqualTo(new ImageShape(1, 28, 28));
    }

    @Test
    void nothingDeclaredMeansUnitRangeAndNoShapeOrClasses() {
        assertThat(InputSpec.NONE.rangeOrUnit()).isEqualTo(ValueRange.UNIT);
        assertThat(InputSpec.NONE.shapeOrNull()).isNull();
        assertThat(InputSpec.NONE.classesOrNull()).isNull();
        assertThat(InputSpec.NONE.orElse(InputSpec.NONE)).isEqualTo(InputSpec.NONE);
    }

    @Test
    void acceptsTheUsualSpellings() {
        assertThat(InputSpecText.shape(FILE, "x", "1,28,28")).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(InputSpecText.shape(FILE, "x", " 3 x 224 x 224 ")).isEqualTo(new ImageShape(3, 224, 224));
        assertThat(InputSpecText.range(FILE, "x", "-1, 1")).isEqualTo(new ValueRange(-1, 1));
        assertThat(InputSpecText.classes(FILE, "x", List.of(" normal ", "pneumonia"))).containsExactly("normal", "pneumonia");
    }

    @Test
    void errorsNameTheFileAndTheDeclaration() {
        assertThatThrownBy(() -> InputSpecText.range(FILE, "--value-range", "255,0"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("m.onnx: --value-range: value range [255, 0] is empty: min must be below max");
        assertThatThrownBy(() -> InputSpecText.shape(FILE, "--input-shape", "1x28"))
                .hasMessage("m.onnx: --input-shape: image shape '1x28' is not C,H,W of positive sizes (e.g. 1x28x28)");
    }

    @Test
    void scalesUnitValuesOntoTheRange() {
        assertThat(new ValueRange(0, 255).fromUnit(new float[] {0f, 0.5f, 1f})).containsExactly(0f, 127.5f, 255f);
        assertThat(new ValueRange(-1, 1).fromUnit(new float[] {0f, 1f})).containsExactly(-1f, 1f);
        assertThat(new ValueRange(0, 255)).hasToString("[0, 255]");
    }
}
