package org.medrobust.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.medrobust.datasets.ImageShape;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.util.Sha256;
import org.medrobust.models.Classifier;
import org.medrobust.models.capability.InputGradients;

class BuiltinModelsTest {

    @Test
    void listsThePhantomCnnAsTheDefault() {
        assertThat(BuiltinModels.ids()).contains("phantom_cnn");
        assertThat(BuiltinModels.DEFAULT_ID).isEqualTo("phantom_cnn");
        assertThat(BuiltinModels.describe("phantom_cnn"))
                .contains("23,650 parameters")
                .contains("test accuracy 0.922 (922/1000)");
    }

    @Test
    void listsTheReferenceFamiliesPerDataSetWithShapeAndClassesFromTheirCards() {
        assertThat(BuiltinModels.ids()).startsWith("phantom_cnn", "cnn_phantom", "vit_phantom", "vim_phantom",
                "vmamba_phantom", "medmamba_phantom").contains("cnn_pneumonia", "vit_pneumonia", "cnn_breast",
                "vit_breast").doesNotHaveDuplicates();
        try (Classifier model = BuiltinModels.load("medmamba_phantom")) {
            assertThat(model.kind()).isEqualTo("djl-medmamba");
            assertThat(model.classNames()).containsExactly("no_lesion", "lesion");
            assertThat(model.capability(InputGradients.class)).as("TAPED scans give input gradients").isPresent();
        }
        assertThat(BuiltinModels.describe("cnn_pneumonia")).contains("djl-cnn resnet-v1", "pneumoniamnist_28",
                "normal/pneumonia", "test accuracy", "AUC");
        assertThat(BuiltinModels.describe("vit_breast")).contains("djl-vit vit", "breastmnist_28");
        try (Classifier model = BuiltinModels.load("cnn_breast")) {
            assertThat(model.id()).isEqualTo("cnn_breast");
            assertThat(model.kind()).isEqualTo("djl-cnn");
            assertThat(model.inputShape()).isEqualTo(new ImageShape(1, 28, 28));
            assertThat(model.classNames()).containsExactly("malignant", "normal_or_benign");
            assertThat(model.capability(InputGradients.class)).isPresent();
        }
        try (Classifier model = BuiltinModels.load("vit_pneumonia")) {
            assertThat(model.kind()).isEqualTo("djl-vit");
            assertThat(model.classNames()).containsExactly("normal", "pneumonia");
            assertThat(model.sha256()).isEqualTo(ShippedModels.card("vit_pneumonia").weights().sha256());
        }
    }

    @Test
    void loadsTheShippedWeightsFromTheClasspath() throws IOException {
        byte[] params;
        try (InputStream in = BuiltinModels.class.getResourceAsStream("phantom_cnn.params")) {
            params = in.readAllBytes();
        }
        assertThat(params.length).isLessThan(300_000);
        try (Classifier model = BuiltinModels.load("phantom_cnn")) {
            assertThat(model.id()).isEqualTo("phantom_cnn");
            assertThat(model.kind()).isEqualTo("djl-cnn");
            assertThat(model.inputShape()).isEqualTo(new ImageShape(1, 28, 28));
            assertThat(model.classNames()).containsExactly("no_lesion", "lesion");
            assertThat(model.sha256()).isEqualTo(Sha256.of(params)).isEqualTo(ShippedModels.card("phantom_cnn").weights().sha256());
            assertThat(model.capability(InputGradients.class)).isPresent();
        }
    }

    @Test
    void anUnknownIdListsTheKnownOnes() {
        assertThatThrownBy(() -> BuiltinModels.load("resnet_9000"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resnet_9000")
                .hasMessageContaining("phantom_cnn")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> BuiltinModels.describe("nope")).isInstanceOf(InvalidInputException.class);
    }
}
