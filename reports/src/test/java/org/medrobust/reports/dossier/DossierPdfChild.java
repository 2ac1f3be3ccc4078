package org.medrobust.reports.dossier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Child JVM of {@link DossierPdfAcrossSettingsTest}: renders the fixture dossier (HTML, then PDF) under whatever
 * locale, time zone, encoding and font configuration it was started with, into {@code args[0]}.
 */
public final class DossierPdfChild {

    static final String MODEL = "ΔNet ≥ β-Ω";
    static final String SHA = "5a".repeat(32);

    private DossierPdfChild() {
    }

    static byte[] render() {
        String xhtml = DossierHtml.render(DossierTest.withRisks(MODEL), DossierTest.environment(), SHA);
        return DossierPdf.render(xhtml, "fixture campaign", SHA);
    }

    public static void main(String[] args) throws IOException {
        Files.write(Path.of(args[0]), render());
    }
}
