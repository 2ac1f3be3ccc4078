package org.medrobust.perturbations.medical;

import java.util.List;

/**
 * Imaging modalities and the MedMNIST-C parameter set that stands for each: MedMNIST-C chose, per data set, the
 * corruptions plausible for its acquisition (registry.py), so a modality's preset is the corruption list of its
 * data set. MRI has no MedMNIST-C data set: its preset is empty here, and MRI's physics (Rician noise, Gibbs
 * ringing, k-space spikes, ghosting, motion, bias field) lives in {@code perturbations/physics}.
 */
public enum Modality {
    XRAY("pneumoniamnist", "chest X-ray (PneumoniaMNIST's set; ChestMNIST's is harsher on noise: medmnistc_chestmnist_*)"),
    CT("organamnist", "abdominal CT (OrganA/C/SMNIST share one set)"),
    MRI(null, "no MedMNIST-C set; see the acquisition-physics corruptions"),
    ULTRASOUND("breastmnist", "breast ultrasound"),
    DERMOSCOPY("dermamnist", "dermatoscopic images"),
    PATHOLOGY("pathmnist", "H&E colon pathology (BloodMNIST: blood smear, TissueMNIST: kidney cortex, have their own)"),
    FUNDUS("retinamnist", "retinal fundus photographs"),
    OCT("octmnist", "retinal OCT");

    private final String dataset;
    private final String description;

    Modality(String dataset, String description) {
        this.dataset = dataset;
        this.description = description;
    }

    /** The MedMNIST-C parameter set, or null (MRI). */
    public String dataset() {
        return dataset;
    }

    public String description() {
        return description;
    }

    /** Catalogue ids of the modality's corruptions (empty for MRI). */
    public List<String> preset() {
        if (dataset == null) {
            return List.of();
        }
        return MedmnistC.corruptions(dataset).stream().map(c -> MedmnistC.id(dataset, c)).toList();
    }
}
