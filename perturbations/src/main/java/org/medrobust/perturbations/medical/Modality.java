package org.medrobust.perturbations.medical;

import java.util.List;
import org.medrobust.perturbations.physics.AnisotropicDownsampling;
import org.medrobust.perturbations.physics.BiasField;
import org.medrobust.perturbations.physics.GibbsRinging;
import org.medrobust.perturbations.physics.KSpaceSpike;
import org.medrobust.perturbations.physics.MriGhosting;
import org.medrobust.perturbations.physics.MriMotion;
import org.medrobust.perturbations.physics.RicianNoise;

/**
 * Imaging modalities and the MedMNIST-C parameter set that stands for each: MedMNIST-C chose, per data set, the
 * corruptions plausible for its acquisition (registry.py), so a modality's preset is the corruption list of its
 * data set. MRI has no MedMNIST-C data set: its preset is the acquisition-physics corruptions of an MR magnitude
 * image ({@link #MRI_PHYSICS}, package {@code physics}, severities justified in docs/corruptions-physics.md).
 */
public enum Modality {
    XRAY("pneumoniamnist", "chest X-ray (PneumoniaMNIST's set; ChestMNIST's is harsher on noise: medmnistc_chestmnist_*)"),
    CT("organamnist", "abdominal CT (OrganA/C/SMNIST share one set)"),
    MRI(null, "MR magnitude images: no MedMNIST-C set, the acquisition-physics corruptions (TorchIO/MONAI)"),
    ULTRASOUND("breastmnist", "breast ultrasound"),
    DERMOSCOPY("dermamnist", "dermatoscopic images"),
    PATHOLOGY("pathmnist", "H&E colon pathology (BloodMNIST: blood smear, TissueMNIST: kidney cortex, have their own)"),
    FUNDUS("retinamnist", "retinal fundus photographs"),
    OCT("octmnist", "retinal OCT");

    /**
     * MRI's preset: what an MR scanner does to a magnitude image, in acquisition order: thermal noise in the
     * magnitude (Rician), k-space truncation (Gibbs), a corrupt k-space sample (spike), N/2 ghosts, patient motion
     * between k-space segments, receive-coil inhomogeneity (bias field) and thick slices (anisotropic
     * down-sampling). Poisson-Gaussian (X-ray/CT photons) and speckle (ultrasound) belong to other modalities.
     */
    public static final List<String> MRI_PHYSICS = List.of(RicianNoise.ID, GibbsRinging.ID, KSpaceSpike.ID,
            MriGhosting.ID, MriMotion.ID, BiasField.ID, AnisotropicDownsampling.ID);

    private final String dataset;
    private final String description;

    Modality(String dataset, String description) {
        this.dataset = dataset;
        this.description = description;
    }

    /** The MedMNIST-C parameter set, or null (MRI, whose preset is {@link #MRI_PHYSICS}). */
    public String dataset() {
        return dataset;
    }

    public String description() {
        return description;
    }

    /** Catalogue ids of the modality's corruptions (for MRI the physics ones, {@link #MRI_PHYSICS}). */
    public List<String> preset() {
        if (dataset == null) {
            return MRI_PHYSICS;
        }
        return MedmnistC.corruptions(dataset).stream().map(c -> MedmnistC.id(dataset, c)).toList();
    }
}
