package org.medrobust.suite.cli;

/** JVM-wide settings the product needs before any engine starts. */
public final class ProcessSettings {

    private ProcessSettings() {
    }

    /** DJL phones home at start-up unless offline; charts need no display. Explicit user settings win. */
    public static void ensureOffline() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // On a CPU-only machine DJL warns "Failed to detect GPU count" at every start: expected there, so only
        // its errors are shown.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        // PDFBox notes at every dossier that it substitutes a system font for the unused Symbol/ZapfDingbats
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.pdfbox.pdmodel.font.PDType1Font", "error");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
