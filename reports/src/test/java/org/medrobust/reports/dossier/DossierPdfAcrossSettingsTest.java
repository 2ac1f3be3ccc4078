package org.medrobust.reports.dossier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dossier.pdf must not depend on the machine's settings: the same dossier rendered in child JVMs under other locales
 * (Turkish, whose dotless i breaks naive case mapping; Arabic, with other digits and separators), time zones
 * (UTC+14, UTC-3:30), default charsets (US-ASCII), {@code java.awt.headless} on and off, and with fontconfig pointed
 * at nothing and no font directories, gives the same bytes as this JVM. Oracle: byte equality; and that the fonts in
 * the PDF are the jar's DejaVu subsets (a system font would show as another name), with the Greek and "≥" of the
 * model name extracted as written.
 */
class DossierPdfAcrossSettingsTest {

    @TempDir
    Path tmp;

    private byte[] child(String name, List<String> jvmOptions, Map<String, String> env)
            throws IOException, InterruptedException {
        Path out = tmp.resolve(name + ".pdf");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DossierPdfChild.class.getName(),
                out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        assertThat(process.exitValue()).as(name + ": " + Files.readString(tmp.resolve(name + ".log"))).isZero();
        return Files.readAllBytes(out);
    }

    @Test
    void theSameBytesUnderOtherLocalesTimeZonesCharsetsAndFontConfigs() throws Exception {
        byte[] here = DossierPdfChild.render();
        Path noFonts = Files.createDirectories(tmp.resolve("no-fonts"));
        Files.writeString(noFonts.resolve("fonts.conf"), "<?xml version=\"1.0\"?><fontconfig></fontconfig>\n");
        byte[] turkish = child("tr", List.of("-Duser.language=tr", "-Duser.country=TR",
                "-Duser.timezone=Pacific/Kiritimati", "-Djava.awt.headless=false"),
                Map.of("LANG", "tr_TR.UTF-8", "TZ", "Pacific/Kiritimati"));
        byte[] arabic = child("ar", List.of("-Duser.language=ar", "-Duser.country=SA",
                "-Duser.timezone=America/St_Johns", "-Djava.awt.headless=true", "-Dfile.encoding=COMPAT",
                "-Dstdout.encoding=US-ASCII"), Map.of("LANG", "C", "LC_ALL", "C", "TZ", "America/St_Johns"));
        byte[] fontless = child("nofonts", List.of("-Duser.language=de", "-Duser.country=DE",
                "-Dsun.java2d.fontpath=" + noFonts), Map.of("FONTCONFIG_FILE", noFonts.resolve("fonts.conf").toString(),
                "FONTCONFIG_PATH", noFonts.toString(), "HOME", noFonts.toString(), "XDG_DATA_HOME", noFonts.toString()));
        Files.write(Path.of("target", "dossier-settings-here.pdf"), here); // to compare by hand when they differ
        Files.write(Path.of("target", "dossier-settings-tr.pdf"), turkish);
        Files.write(Path.of("target", "dossier-settings-ar.pdf"), arabic);
        Files.write(Path.of("target", "dossier-settings-nofonts.pdf"), fontless);
        assertThat(turkish).as("tr_TR, UTC+14, headless=false").isEqualTo(here);
        assertThat(arabic).as("ar_SA, UTC-3:30, US-ASCII default charset").isEqualTo(here);
        assertThat(fontless).as("de_DE, fontconfig with no fonts").isEqualTo(here);

        try (PDDocument pdf = Loader.loadPDF(here)) {
            List<String> fonts = new ArrayList<>();
            for (PDPage page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    fonts.add(font.getName());
                }
            }
            // subset tags are six capitals and '+': AAAAAA+DejaVuSans-Bold
            assertThat(fonts).isNotEmpty().allSatisfy(f -> assertThat(f).matches("[A-Z]{6}\\+DejaVuSans(-Bold|Mono)?"));
            assertThat(fonts).anySatisfy(f -> assertThat(f).endsWith("+DejaVuSans-Bold"));
            assertThat(new PDFTextStripper().getText(pdf)).contains(DossierPdfChild.MODEL);
        }
        assertThat(new String(here, StandardCharsets.ISO_8859_1)).doesNotContain("/usr/share/fonts", "CreationDate",
                "ModDate");
    }
}
