package org.medrobust.reports.dossier;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.logging.Level;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * dossier.pdf from dossier.html, with openhtmltopdf (HTML/CSS to PDF on Apache PDFBox): no browser, no network.
 * Uses the DejaVu fonts shipped in this jar (DejaVu Sans, Sans Bold, Sans Mono 2.37; full Unicode: a model named in
 * Greek or with a "≥" prints as written), never the system's, so the PDF's bytes do not depend on which fonts (or
 * which builds of them) a machine has installed. Nothing else of the machine enters the rendering: no dates, no
 * locale-dependent formatting, no AWT (PDFBox measures text with the fonts' own metrics).
 */
public final class DossierPdf {

    /** The fonts in this jar (see NOTICE): family, weight, file. */
    private static final String FONTS = "/org/medrobust/reports/dossier/fonts/";

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
        font(builder, "DejaVuSans.ttf", "DejaVu Sans", 400);
        font(builder, "DejaVuSans-Bold.ttf", "DejaVu Sans", 700);
        font(builder, "DejaVuSansMono.ttf", "DejaVu Sans Mono", 400);
    }

    private static void font(PdfRendererBuilder builder, String file, String family, int weight) {
        if (DossierPdf.class.getResource(FONTS + file) == null) {
            throw new IllegalStateException("font " + file + " is not in the medrobust jar (build error)");
        }
        builder.useFont(() -> DossierPdf.class.getResourceAsStream(FONTS + file), family, weight,
                PdfRendererBuilder.FontStyle.NORMAL, true);
    }
}
