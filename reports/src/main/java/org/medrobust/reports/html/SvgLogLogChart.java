package org.medrobust.reports.html;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * An inline-SVG line chart with both axes logarithmic, for costs that grow by powers (latency and memory against
 * input resolution: ~r^2 for convolutions and scans, ~r^4 for attention). One line per series in the Okabe-Ito
 * colours of {@link SvgLineChart}, the legend below the plot; y ticks at powers of ten and their halves.
 */
final class SvgLogLogChart {

    /** A measured value; non-positive values are left out (log scale). */
    record Point(double x, double y) {
    }

    record Series(String name, List<Point> points) {
    }

    private static final int WIDTH = 560;
    private static final int LEFT = 60;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int PLOT = 220;

    private SvgLogLogChart() {
    }

    static String render(String title, String xAxis, String yAxis, List<Series> series) {
        TreeSet<Double> xs = new TreeSet<>();
        double lo = Double.MAX_VALUE, hi = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                if (p.y() > 0) {
                    xs.add(p.x());
                    lo = Math.min(lo, p.y());
                    hi = Math.max(hi, p.y());
                }
            }
        }
        if (xs.isEmpty()) {
            return "";
        }
        double yMin = Math.floor(Math.log10(lo)), yMax = Math.max(yMin + 1, Math.ceil(Math.log10(hi)));
        double xMin = Math.log(xs.first()), xMax = Math.max(xMin + 1e-9, Math.log(xs.last()));
        int legendTop = TOP + PLOT + 42;
        int height = legendTop + 18 * ((series.size() + 3) / 4) + 8;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\"><title>")
                .append(Html.escape(title)).append("</title><text x=\"").append(WIDTH / 2)
                .append("\" y=\"18\" text-anchor=\"middle\" class=\"ct\">").append(Html.escape(title)).append("</text>");
        int bottom = TOP + PLOT;
        for (double e = yMin; e <= yMax + 1e-9; e += 0.5) {
            double y = bottom - (e - yMin) / (yMax - yMin) * PLOT;
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(num(y)).append("\" class=\"cg\"/><text x=\"")
                    .append(LEFT - 6).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\" class=\"cl\">")
                    .append(tick(Math.pow(10, e))).append("</text>");
        }
        for (double x : xs) {
            svg.append("<text x=\"").append(num(xPixel(x, xMin, xMax))).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\" class=\"cl\">").append(tick(x)).append("</text>");
        }
        svg.append("<text x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(bottom + 34)
                .append("\" text-anchor=\"middle\" class=\"cl\">").append(Html.escape(xAxis)).append("</text>")
                .append("<text transform=\"translate(14 ").append(TOP + PLOT / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\" class=\"cl\">").append(Html.escape(yAxis))
                .append("</text>");
        for (int i = 0; i < series.size(); i++) {
            String colour = SvgLineChart.COLOURS[i % SvgLineChart.COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (Point p : series.get(i).points()) {
                if (p.y() <= 0) {
                    continue;
                }
                double px = xPixel(p.x(), xMin, xMax);
                double py = bottom - (Math.log10(p.y()) - yMin) / (yMax - yMin) * PLOT;
                path.append(path.isEmpty() ? "" : " ").append(num(px)).append(',').append(num(py));
                svg.append("<circle cx=\"").append(num(px)).append("\" cy=\"").append(num(py)).append("\" r=\"3\" fill=\"")
                        .append(colour).append("\"><title>").append(Html.escape(series.get(i).name())).append(' ')
                        .append(tick(p.x())).append(": ").append(tick(p.y())).append("</title></circle>");
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                    .append(path).append("\"/>");
            double lx = LEFT + (i % 4) * 120, ly = legendTop + (i / 4) * 18 + 10;
            svg.append("<line x1=\"").append(num(lx)).append("\" y1=\"").append(num(ly - 4)).append("\" x2=\"")
                    .append(num(lx + 16)).append("\" y2=\"").append(num(ly - 4)).append("\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"/><text x=\"").append(num(lx + 20)).append("\" y=\"").append(num(ly))
                    .append("\" class=\"cl\">").append(Html.escape(series.get(i).name())).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static double xPixel(double x, double min, double max) {
        return LEFT + 10 + (Math.log(x) - min) / (max - min) * (WIDTH - LEFT - RIGHT - 20);
    }

    private static String tick(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2g", v);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
