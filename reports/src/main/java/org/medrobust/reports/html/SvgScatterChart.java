package org.medrobust.reports.html;

import java.util.List;
import java.util.Locale;

/**
 * A labelled scatter plot as inline SVG: one point per model, a cost on a log10 x axis (milliseconds, multiply-adds:
 * they span decades between a CNN and a ViT) against accuracy on a fixed [0, 1] axis, with 95 % interval bars. Same
 * conventions as {@link SvgLineChart}: fixed-precision numbers (same data, same bytes), every label escaped.
 */
final class SvgScatterChart {

    /** One model: cost x (> 0), accuracy y with its interval. */
    record Point(String label, double x, double y, double lower, double upper) {
    }

    private static final String[] COLOURS = SvgLineChart.COLOURS;
    private static final int WIDTH = 560;
    private static final int HEIGHT = 300;
    private static final int LEFT = 52;
    private static final int RIGHT = 24;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private SvgScatterChart() {
    }

    static String render(String title, String xAxis, List<Point> points) {
        double lo = Math.floor(Math.log10(points.stream().mapToDouble(Point::x).min().orElse(1)));
        double hi = Math.ceil(Math.log10(points.stream().mapToDouble(Point::x).max().orElse(10)));
        if (hi <= lo) {
            hi = lo + 1;
        }
        StringBuilder svg = new StringBuilder(2048);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">")
                .append("<title>").append(Html.escape(title)).append("</title><text x=\"").append(WIDTH / 2)
                .append("\" y=\"18\" text-anchor=\"middle\" class=\"ct\">").append(Html.escape(title)).append("</text>");
        int bottom = HEIGHT - BOTTOM;
        for (int t = 0; t <= 5; t++) {
            double y = yPixel(t / 5.0);
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(num(y)).append("\" class=\"cg\"/><text x=\"")
                    .append(LEFT - 6).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\" class=\"cl\">")
                    .append(String.format(Locale.ROOT, "%.1f", t / 5.0)).append("</text>");
        }
        for (int decade = (int) lo; decade <= (int) hi; decade++) {
            double x = xPixel(Math.pow(10, decade), lo, hi);
            svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\" class=\"cl\">").append(decadeLabel(decade)).append("</text>");
        }
        svg.append("<text x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(bottom + 36)
                .append("\" text-anchor=\"middle\" class=\"cl\">").append(Html.escape(xAxis)).append("</text>")
                .append("<text transform=\"translate(14 ").append(TOP + (bottom - TOP) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\" class=\"cl\">robust accuracy</text>");
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            String colour = COLOURS[i % COLOURS.length];
            double px = xPixel(p.x(), lo, hi), py = yPixel(p.y());
            svg.append("<line x1=\"").append(num(px)).append("\" y1=\"").append(num(yPixel(p.lower())))
                    .append("\" x2=\"").append(num(px)).append("\" y2=\"").append(num(yPixel(p.upper())))
                    .append("\" stroke=\"").append(colour).append("\" stroke-opacity=\"0.5\"/><circle cx=\"")
                    .append(num(px)).append("\" cy=\"").append(num(py)).append("\" r=\"4\" fill=\"").append(colour)
                    .append("\"><title>").append(Html.escape(p.label())).append(String.format(Locale.ROOT,
                            ": %.4g, %.3f", p.x(), p.y())).append("</title></circle><text x=\"").append(num(px + 6))
                    .append("\" y=\"").append(num(py - 6)).append("\" class=\"cl\">").append(Html.escape(p.label()))
                    .append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String decadeLabel(int decade) {
        return decade >= 0 && decade <= 3 ? String.valueOf((long) Math.pow(10, decade))
                : decade < 0 && decade >= -3 ? String.format(Locale.ROOT, "%." + -decade + "f", Math.pow(10, decade))
                : "1e" + decade;
    }

    private static double xPixel(double x, double lo, double hi) {
        double inner = WIDTH - LEFT - RIGHT - 80; // room for the last point's label
        return LEFT + 10 + inner * (Math.log10(x) - lo) / (hi - lo);
    }

    private static double yPixel(double y) {
        return TOP + (HEIGHT - BOTTOM - TOP) * (1 - Math.max(0, Math.min(1, y)));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
