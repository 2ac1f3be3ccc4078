package org.medrobust.reports.dossier;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * dossier.pdf from dossier.html, with openhtmltopdf (HTML/CSS to PDF on Apache PDFBox): no browser, no network.
 * Uses the DejaVu fonts where the system has them (full Unicode: a model named in Greek or with a "≥" prints as
 * written); otherwise PDF's built-in Helvetica, which shows characters outside Latin-1 as '#'.
 */
public final class DossierPdf {

    /** Where Debian (package fonts-dejavu-core) and most distributions put the DejaVu fonts. */
    private static final List<String> FONT_DIRS = List.of("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
            "/usr/share/fonts/TTF");

    private DossierPdf() {
    }

    public static byte[] render(String xhtml) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16)) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            addFonts(builder);
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the dossier PDF: " + e.getMessage(), e);
        }
    }

    private static void addFonts(PdfRendererBuilder builder) {
        for (String dir : FONT_DIRS) {
            Path sans = Path.of(dir, "DejaVuSans.ttf");
            if (Files.isRegularFile(sans)) {
                builder.useFont(sans.toFile(), "DejaVu Sans");
                font(builder, Path.of(dir, "DejaVuSans-Bold.ttf"), "DejaVu Sans", 700);
                font(builder, Path.of(dir, "DejaVuSansMono.ttf"), "DejaVu Sans Mono", 400);
                return;
            }
        }
    }

    private static void font(PdfRendererBuilder builder, Path file, String family, int weight) {
        if (Files.isRegularFile(file)) {
            builder.useFont(file.toFile(), family, weight, PdfRendererBuilder.FontStyle.NORMAL, true);
        }
    }
}
