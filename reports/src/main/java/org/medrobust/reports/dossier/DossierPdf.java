package org.medrobust.reports.dossier;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Level;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * dossier.pdf from dossier.html, with openhtmltopdf (HTML/CSS to PDF on Apache PDFBox): no browser, no network.
 * Uses the DejaVu fonts where the system has them (full Unicode: a model named in Greek or with a "≥" prints as
 * written); otherwise PDF's built-in Helvetica, which shows characters outside Latin-1 as '#'.
 */
public final class DossierPdf {

    /** Where Debian (package fonts-dejavu-core) and most distributions put the DejaVu fonts. */
    private static final List<String> FONT_DIRS = List.of("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
            "/usr/share/fonts/TTF");

    private static final String PRODUCER = "medrobust (openhtmltopdf 1.1.31, Apache PDFBox)";

    static {
        // openhtmltopdf logs timings and font loading at INFO on every render: keep its warnings only
        XRLog.listRegisteredLoggers().forEach(logger -> XRLog.setLevel(logger, Level.WARNING));
    }

    private DossierPdf() {
    }

    /** Without an identity: the document ID is derived from the XHTML itself. */
    public static byte[] render(String xhtml) {
        return render(xhtml, "medrobust evidence dossier", Sha256Hex.of(xhtml));
    }

    /**
     * The PDF, byte-identical for the same XHTML, title and hash on one machine (same fonts): no creation or
     * modification date (PDF makes them optional; when the run happened is environment.json's), producer fixed, and
     * the document ID (PDF 32000-1, 14.4: two byte strings in the trailer, by default random-ish from the clock) both
     * set to the first 16 bytes of {@code reportSha256}, the SHA-256 of the report.json the dossier summarises.
     *
     * @param reportSha256 64 hex digits
     */
    public static byte[] render(String xhtml, String campaign, String reportSha256) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16)) {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            addFonts(builder);
            builder.withHtmlContent(xhtml, null);
            builder.withProducer(PRODUCER);
            try (PdfBoxRenderer renderer = builder.buildPdfRenderer(); PDDocument pdf = keepOpen(renderer)) {
                PDDocumentInformation info = new PDDocumentInformation();
                info.setTitle("medrobust evidence dossier: " + campaign);
                info.setProducer(PRODUCER);
                info.setCustomMetadataValue("ReportSHA256", reportSha256);
                pdf.setDocumentInformation(info);
                byte[] id = HexFormat.of().parseHex(reportSha256.substring(0, 32));
                COSArray ids = new COSArray();
                ids.add(new COSString(id));
                ids.add(new COSString(id));
                pdf.getDocument().getTrailer().setItem(COSName.ID, ids);
                pdf.save(out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the dossier PDF: " + e.getMessage(), e);
        }
    }

    private static PDDocument keepOpen(PdfBoxRenderer renderer) throws IOException {
        renderer.layout();
        return renderer.createPDFKeepOpen();
    }

    /** SHA-256 as hex, for the identity of a dossier rendered without a report. */
    private static final class Sha256Hex {
        static String of(String text) {
            try {
                return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
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
