package org.medrobust.datasets.dicom;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * A javax.imageio plug-in that decodes one compressed transfer syntax, chosen by its class rather than by the
 * registry's order: TwelveMonkeys registers its JPEG reader ahead of the JDK's, and which one decodes a file must not
 * depend on what else happens to be on the class path.
 */
enum ImageIoCodec {
    /** The JDK's libjpeg-based reader: JPEG Baseline and 8-bit Extended (ITU-T T.81 processes 1 and 2). */
    JDK_JPEG("jpeg", "com.sun.imageio.plugins.jpeg.JPEGImageReader"),
    /** TwelveMonkeys imageio-jpeg: JPEG Lossless (T.81 process 14, Annex H), 2 to 16 bits, any predictor. */
    TWELVEMONKEYS_JPEG("jpeg", "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader"),
    /** jai-imageio-jpeg2000 (JJ2000): JPEG 2000 Part 1 codestreams and JP2 files (ISO/IEC 15444-1), reversible and not. */
    JJ2000("jpeg2000", "com.github.jaiimageio.jpeg2000.impl.J2KImageReader");

    private final String format;
    private final String readerClass;

    ImageIoCodec(String format, String readerClass) {
        this.format = format;
        this.readerClass = readerClass;
    }

    /** The whole image in {@code bytes}, or a {@link Malformed} naming the transfer syntax and the plug-in's reason. */
    BufferedImage decode(byte[] bytes, TransferSyntax syntax) {
        ImageReader reader = reader(syntax);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new Malformed(readerClass.substring(readerClass.lastIndexOf('.') + 1) + " (" + name() + ") cannot decode"
                    + " this " + syntax.named() + " pixel data (" + e.getMessage() + ")", e);
        } finally {
            reader.dispose();
        }
    }

    private ImageReader reader(TransferSyntax syntax) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (reader.getClass().getName().equals(readerClass)) {
                return reader;
            }
            reader.dispose();
        }
        throw new Malformed("no javax.imageio reader " + readerClass + " on the class path for " + syntax.named());
    }
}
