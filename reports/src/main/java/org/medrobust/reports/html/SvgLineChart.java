package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A line chart as inline SVG: one series per model, accuracy on a fixed [0, 1] axis, optional 95 % interval bars.
 * Inline SVG instead of a PNG so that the report needs no image encoder, stays small, scales, and its text is
 * searchable. The legend sits below the plot and wraps onto as many rows as the series need, with the chart's height
 * growing to fit: no entry is ever cut off (the old PNG chart lost long model names at its right edge).
 * Every number is printed with {@link Locale#ROOT} and a fixed precision, so the same data gives the same bytes.
 */
public final class SvgLineChart {

    /** One point with its interval; {@code lower}/{@code upper} NaN when there is none. */
    public record Point(double x, double y, double lower, double upper) {
    }

    public record Series(String name, List<Point> points) {
    }

    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final String[] COLOURS = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9",
            "#F0E442", "#000000"};
    private static final int WIDTH = 560;
    private static final int LEFT = 52;
    private static final int RIGHT = 16;
    private static final int TOP = 30;
    private static final int PLOT_HEIGHT = 220;
    private static final int AXIS_SPACE = 40;
    private static final int LEGEND_ROW = 18;
    /** Average glyph width at 12 px, generous, for laying out the legend without measuring text. */
    private static final double CHAR_WIDTH = 7.2;

    private SvgLineChart() {
    }

    /**
     * @param xLabels optional tick labels by x value (e.g. "1/255" for eps); null prints the x values
     */
    public static String render(String title, String xAxis, List<Series> series, java.util.function.DoubleFunction<String> xLabels) {
        TreeSet<Double> xs = new TreeSet<>();
        series.forEach(s -> s.points().forEach(p -> xs.add(p.x())));
        List<List<Legend>> rows = legendRows(series);
        int legendTop = TOP + PLOT_HEIGHT + AXIS_SPACE;
        int height = legendTop + rows.size() * LEGEND_ROW + 8;
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(title)).append("\">");
        svg.append("<title>").append(Html.escape(title)).append("</title>");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"18\" text-anchor=\"middle\" class=\"ct\">")
                .append(Html.escape(title)).append("</text>");
        axes(svg, xs, xAxis, xLabels);
        if (xs.isEmpty()) {
            svg.append("</svg>");
            return svg.toString();
        }
        for (int i = 0; i < series.size(); i++) {
            plot(svg, series.get(i), COLOURS[i % COLOURS.length], xs);
        }
        for (int r = 0; r < rows.size(); r++) {
            double y = legendTop + r * LEGEND_ROW + 10;
            for (Legend entry : rows.get(r)) {
                svg.append("<line x1=\"").append(num(entry.x)).append("\" y1=\"").append(num(y - 4))
                        .append("\" x2=\"").append(num(entry.x + 16)).append("\" y2=\"").append(num(y - 4))
                        .append("\" stroke=\"").append(entry.colour).append("\" stroke-width=\"2\"/>")
                        .append("<text x=\"").append(num(entry.x + 20)).append("\" y=\"").append(num(y))
                        .append("\" class=\"cl\">").append(Html.escape(entry.name)).append("</text>");
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private record Legend(String name, String colour, double x) {
    }

    /** Greedy rows: an entry moves to the next row when it would pass the right edge; a long name gets a row alone. */
    private static List<List<Legend>> legendRows(List<Series> series) {
        List<List<Legend>> rows = new ArrayList<>();
        List<Legend> row = new ArrayList<>();
        double x = LEFT;
        for (int i = 0; i < series.size(); i++) {
            String name = series.get(i).name();
            double width = 20 + name.length() * CHAR_WIDTH + 14;
            if (!row.isEmpty() && x + width > WIDTH - RIGHT) {
                rows.add(row);
                row = new ArrayList<>();
                x = LEFT;
            }
            row.add(new Legend(name, COLOURS[i % COLOURS.length], x));
            x += width;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static void axes(StringBuilder svg, TreeSet<Double> xs, String xAxis,
            java.util.function.DoubleFunction<String> xLabels) {
        int bottom = TOP + PLOT_HEIGHT;
        for (int t = 0; t <= 5; t++) {
            double y = bottom - t * PLOT_HEIGHT / 5.0;
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(num(y)).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(num(y)).append("\" class=\"cg\"/>")
                    .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(num(y + 4))
                    .append("\" text-anchor=\"end\" class=\"cl\">").append(String.format(Locale.ROOT, "%.1f", t / 5.0))
                    .append("</text>");
        }
        for (double x : xs) {
            double px = xPixel(x, xs);
            String label = xLabels == null ? trim(x) : xLabels.apply(x);
            svg.append("<text x=\"").append(num(px)).append("\" y=\"").append(bottom + 16)
                    .append("\" text-anchor=\"middle\" class=\"cl\">").append(Html.escape(label)).append("</text>");
        }
        svg.append("<text x=\"").append((LEFT + WIDTH - RIGHT) / 2).append("\" y=\"").append(bottom + 34)
                .append("\" text-anchor=\"middle\" class=\"cl\">").append(Html.escape(xAxis)).append("</text>")
                .append("<text transform=\"translate(14 ").append(TOP + PLOT_HEIGHT / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\" class=\"cl\">accuracy</text>");
    }

    private static void plot(StringBuilder svg, Series series, String colour, TreeSet<Double> xs) {
        StringBuilder path = new StringBuilder();
        for (Point p : series.points()) {
            double px = xPixel(p.x(), xs);
            path.append(path.isEmpty() ? "" : " ").append(num(px)).append(',').append(num(yPixel(p.y())));
            if (!Double.isNaN(p.lower()) && !Double.isNaN(p.upper())) {
                svg.append("<line x1=\"").append(num(px)).append("\" y1=\"").append(num(yPixel(p.lower())))
                        .append("\" x2=\"").append(num(px)).append("\" y2=\"").append(num(yPixel(p.upper())))
                        .append("\" stroke=\"").append(colour).append("\" stroke-opacity=\"0.5\"/>");
            }
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"")
                .append(path).append("\"><title>").append(Html.escape(series.name())).append("</title></polyline>");
        for (Point p : series.points()) {
            svg.append("<circle cx=\"").append(num(xPixel(p.x(), xs))).append("\" cy=\"").append(num(yPixel(p.y())))
                    .append("\" r=\"3\" fill=\"").append(colour).append("\"><title>").append(Html.escape(series.name()))
                    .append(": ").append(String.format(Locale.ROOT, "%.3f", p.y())).append("</title></circle>");
        }
    }

    /** Categorical x: the distinct x values evenly spaced (severities 0..5, an eps ladder), in order. */
    private static double xPixel(double x, TreeSet<Double> xs) {
        int index = xs.headSet(x).size();
        int slots = Math.max(1, xs.size() - 1);
        double inner = WIDTH - LEFT - RIGHT - 40;
        return LEFT + 20 + (xs.size() == 1 ? inner / 2 : inner * index / slots);
    }

    private static double yPixel(double y) {
        return TOP + PLOT_HEIGHT * (1 - Math.max(0, Math.min(1, y)));
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }
}
