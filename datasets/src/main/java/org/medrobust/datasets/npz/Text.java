package org.medrobust.datasets.npz;

/** Makes untrusted text (entry names, header fragments) safe to put into a one-line message. */
final class Text {

    private static final int MAX_LENGTH = 80;

    private Text() {
    }

    /** Anything but printable ASCII and letters becomes '?', long text is cut, so a message stays one readable line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 3));
        for (int i = 0; i < text.length() && out.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            boolean plainAscii = c >= 0x20 && c < 0x7f;
            // Non-ASCII letters (e.g. accented file names) stay; controls, line and bidi-override characters go.
            out.append(plainAscii || c > 0x7f && Character.isLetterOrDigit(c) ? c : '?');
        }
        if (text.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }
}
