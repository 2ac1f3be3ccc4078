package org.medrobust.models.scan;

import java.util.Locale;
import org.medrobust.models.scan.cpu.CpuSelectiveScan;
import org.medrobust.models.scan.cuda.CudaSelectiveScan;
import org.medrobust.models.scan.reference.ReferenceSelectiveScan;

/**
 * Chooses a selective-scan backend. Precedence: an explicit choice passed to {@link #select(String)} (for example a
 * campaign's config), then the system property {@value #PROPERTY}, then automatic: CUDA when a driver and a device
 * are there, else CPU. Names: reference, cpu, cuda, djl, auto. A backend named explicitly that cannot run here is an
 * error (with its reason), never a silent fallback; only auto falls back.
 */
public final class ScanBackends {

    /** System property naming the backend: reference|cpu|cuda|djl|auto. */
    public static final String PROPERTY = "medrobust.scan.backend";

    private static final String DJL_CLASS = "org.medrobust.models.scan.djl.DjlSelectiveScan";

    private ScanBackends() {
    }

    /** The system property's choice, else automatic. */
    public static SelectiveScan auto() {
        return select(null);
    }

    /**
     * @param configured a backend name, or null / blank / "auto" to defer to the system property and detection
     */
    public static SelectiveScan select(String configured) {
        String name = normalise(configured);
        if (name.equals("auto")) {
            name = normalise(System.getProperty(PROPERTY));
        }
        if (name.equals("auto")) {
            CudaSelectiveScan cuda = new CudaSelectiveScan();
            return cuda.availability().available() ? cuda : new CpuSelectiveScan();
        }
        SelectiveScan s = byName(name);
        Availability a = s.availability();
        if (!a.available()) {
            throw new IllegalStateException("selective-scan backend '" + name + "' is unavailable: " + a.reason());
        }
        return s;
    }

    /** A new backend of that name (reference, cpu, cuda, djl), available or not. */
    public static SelectiveScan byName(String name) {
        return switch (normalise(name)) {
            case "reference" -> new ReferenceSelectiveScan();
            case "cpu" -> new CpuSelectiveScan();
            case "cuda" -> new CudaSelectiveScan();
            case "djl" -> djl();
            default -> throw new IllegalArgumentException("unknown selective-scan backend '" + name
                    + "': use reference, cpu, cuda, djl or auto");
        };
    }

    private static String normalise(String s) {
        return s == null || s.isBlank() ? "auto" : s.trim().toLowerCase(Locale.ROOT);
    }

    /** The DJL backend lives in scan.djl (the only package that imports DJL): loaded by name. */
    private static SelectiveScan djl() {
        try {
            return (SelectiveScan) Class.forName(DJL_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the DJL selective-scan backend cannot be loaded: " + e, e);
        }
    }
}
