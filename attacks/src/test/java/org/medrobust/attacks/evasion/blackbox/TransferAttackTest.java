package org.medrobust.attacks.evasion.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medrobust.attacks.evasion.AdversarialCheck;
import org.medrobust.attacks.evasion.LinearClassifier;
import org.medrobust.attacks.evasion.Norm;
import org.medrobust.attacks.evasion.PneumoniaFixture;
import org.medrobust.attacks.evasion.gradient.Pgd;

/** A transfer from a surrogate identical to the target is exactly the white-box attack; another one is weaker. */
class TransferAttackTest {

    private final LinearClassifier target = new LinearClassifier(3);
    private final PneumoniaFixture.Labelled data = target.data(100, 5);

    @Test
    void aPerfectSurrogateTransfersTheWhiteBoxResultToTheTarget() {
        Pgd pgd = new Pgd(Norm.LINF, 1, 0.02, 10, 0.005, 1, false);
        var direct = AdversarialCheck.run(pgd, target, data.images(), data.labels(), PneumoniaFixture.randoms(0, 100));
        var transfer = AdversarialCheck.run(new TransferAttack("transfer", "twin", () -> new LinearClassifier(3), pgd),
                target, data.images(), data.labels(), PneumoniaFixture.randoms(0, 100));
        assertThat(transfer.inputs().data()).isEqualTo(direct.inputs().data());
        assertThat(transfer.details()).allSatisfy(d -> assertThat(d).containsEntry("queries", 0)
                .containsKey("surrogateQueries"));
        // an unrelated surrogate transfers worse than the white-box attack
        var weak = AdversarialCheck.run(new TransferAttack("transfer", "other", () -> new LinearClassifier(77), pgd),
                target, data.images(), data.labels(), PneumoniaFixture.randoms(0, 100));
        assertThat(broken(weak)).isLessThan(broken(direct));
    }

    private static long broken(AdversarialCheck.Evaluated e) {
        return e.details().stream().filter(d -> Boolean.TRUE.equals(d.get("success"))).count();
    }
}
