package org.medrobust.models.cnn;

import java.io.IOException;
import java.nio.file.Path;
import org.medrobust.datasets.DataSource;
import org.medrobust.datasets.phantom.PhantomData;
import org.medrobust.datasets.phantom.PhantomSpec;
import org.medrobust.models.training.Augmentation;
import org.medrobust.models.training.ConsoleProgress;
import org.medrobust.models.training.EarlyStopping;
import org.medrobust.models.training.ModelCard;
import org.medrobust.models.training.ModelTraining;
import org.medrobust.models.training.OptimizerKind;
import org.medrobust.models.training.TrainingPlan;

/**
 * Trains the shipped phantom CNN on the default phantom data set with the generic training loop and writes its
 * parameters and model card. Run by a developer, never at run time; seeded and single-threaded, so a rerun writes the
 * same bytes.
 *
 * <pre>java -cp ... org.medrobust.models.cnn.PhantomCnnTrainer [output dir]</pre>
 * The output dir defaults to models/src/main/resources/org/medrobust/models/zoo (run from the repository root).
 */
public final class PhantomCnnTrainer {

    public static final String DEFAULT_OUTPUT = "models/src/main/resources/org/medrobust/models/zoo";

    /**
     * The shipped weights' recipe: Adam (no weight decay) at 2e-3, cosine to 2e-5 over 30 epochs, batch 64, every
     * image under a random flip or quarter turn, no early stopping (the last epoch ships). Seed 7.
     */
    public static final TrainingPlan PLAN = plan(7, 30, 64, 2e-3);

    private PhantomCnnTrainer() {
    }

    /** The shipped recipe with other seed, epochs, batch size or learning rate. */
    public static TrainingPlan plan(int seed, int epochs, int batchSize, double learningRate) {
        return new TrainingPlan(seed, epochs, batchSize, learningRate, 0, OptimizerKind.ADAM, 100, 0, false,
                Augmentation.DIHEDRAL, EarlyStopping.OFF, null);
    }

    public static void main(String[] args) throws IOException {
        // Reproducible bytes need one thread: parallel float reductions change the last bits between runs.
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Path output = Path.of(args.length > 0 ? args[0] : DEFAULT_OUTPUT);
        DataSource data = PhantomData.generate(PhantomSpec.DEFAULT);
        ModelCard card = trainAndWrite(data, PLAN, output);
        System.out.println("wrote " + output.resolve(card.weights().file()) + " and its card: test accuracy "
                + card.metrics("test").accuracy());
    }

    /** Trains, writes {@code phantom_cnn.params} and {@code phantom_cnn.card.json} into {@code output}. */
    public static ModelCard trainAndWrite(DataSource data, TrainingPlan plan, Path output) throws IOException {
        return ModelTraining.trainAndWrite(PhantomCnn.ID, PhantomCnn.architecture(), data, plan, output,
                ConsoleProgress.onStderr());
    }
}
