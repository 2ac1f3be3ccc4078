package org.medrobust.models.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medrobust.datasets.Dataset;
import org.medrobust.datasets.InvalidInputException;
import org.medrobust.datasets.Split;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.baselines.VitBaseline;
import org.medrobust.models.mamba.VimConfig;
import org.medrobust.models.training.Architecture;
import org.medrobust.models.training.ModelCard;

/**
 * {@code train --patch} (issue 16): Vim and the ViT on 2x2 patches at 28 px (196 patch tokens), recorded in the
 * architecture's configuration so that a card rebuilds the same network; refused where it cannot apply.
 */
class PatchOptionTest {

    private static final Dataset TRAIN = PhantomData.generate(new PhantomSpec(7, 28, 8, 4, 4)).split(Split.TRAIN);

    @Test
    void vimOnTwoPixelPatchesHas196PatchTokensAndTheMiddleClassTokenBetweenThem() {
        Architecture vim = Architectures.forTraining("vim", TRAIN, 1, 2);
        VimConfig config = (VimConfig) vim.config();
        assertThat(config.patch()).isEqualTo(2);
        assertThat(config.patches()).isEqualTo(196);
        assertThat(config.classTokenIndex()).isEqualTo(98);
        assertThat(vim.summary()).contains("2x2 patches");
        // the default stays 4x4 (vim_pneumonia and the benchmarks)
        assertThat(((VimConfig) Architectures.forTraining("vim", TRAIN, 1, null).config()).patch()).isEqualTo(4);
    }

    @Test
    void vitOnTwoPixelPatches() {
        VitBaseline.Config config = (VitBaseline.Config) Architectures.forTraining("vit", TRAIN, 1, 2).config();
        assertThat(config.patch()).isEqualTo(2);
        assertThat(((VitBaseline.Config) Architectures.forTraining("vit", TRAIN, 1, null).config()).patch())
                .isEqualTo(VitBaseline.STANDARD_PATCH);
    }

    @Test
    void theShippedTwoPixelModelsRebuildFromTheirCards() {
        for (String id : new String[] {"vim_phantom", "vim_breast", "vit_breast"}) {
            ModelCard card = ShippedModels.card(id);
            Architecture rebuilt = Architectures.fromCard(card, id);
            int patch = rebuilt.config() instanceof VimConfig v ? v.patch() : ((VitBaseline.Config) rebuilt.config())
                    .patch();
            assertThat(patch).as(id).isEqualTo(2);
        }
    }

    @Test
    void aPatchThatDoesNotDivideTheImageOrAFamilyWithoutPatchesIsRefused() {
        assertThatThrownBy(() -> Architectures.forTraining("vim", TRAIN, 1, 3))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--patch 3 does not divide the 28 px");
        assertThatThrownBy(() -> Architectures.forTraining("cnn", TRAIN, 1, 2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--patch applies to vit and vim");
    }
}
