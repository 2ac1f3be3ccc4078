package org.medrobust.reports.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.medrobust.reports.shift.Difference;
import org.medrobust.reports.shift.ScenarioShift;
import org.medrobust.reports.shift.SiteMetrics;
import org.medrobust.reports.shift.SourceDrops;

/**
 * Drop bars with their bootstrap intervals: for accuracy one row per model and domain shift (against the clean pass,
 * paired) and per model and site of the data (against the source site where the data has one, else against the
 * other sites pooled); for balanced accuracy and AUC one row per model and site against the source site. A bar from 0
 * to the drop, a whisker over the interval, a dashed line at 0 (no drop). Inline SVG like the other charts of this
 * package; the axis spans the data rounded out to tenths, so the same data gives the same bytes.
 */
final class ShiftDropBars {

    private static final String DOMAIN_SHIFT = "DOMAIN_SHIFT";
    private static final String CLEAN = "CLEAN";
    private static final int LABEL = 300;
    private static final int PLOT = 320;
    private static final int ROW = 18;
    private static final int TOP = 24;

    private record Bar(String label, String model, Difference drop) {
    }

    private ShiftDropBars() {
    }

    /** The accuracy chart, or "" when no scenario or site has a drop with an interval. */
    static String svg(List<ScenarioShift> scenarios, List<String> models, String[] colours) {
        List<Bar> bars = new ArrayList<>();
        for (ScenarioShift s : scenarios) {
            if (DOMAIN_SHIFT.equals(s.family()) && complete(s.versusClean())) {
                bars.add(new Bar(s.threat() + " | " + s.model(), s.model(), s.versusClean()));
            }
            if (CLEAN.equals(s.family())) {
                for (SiteMetrics site : s.sites()) {
                    Difference drop = site.versusSource() != null ? site.versusSource().accuracy()
                            : site.versusOthers();
                    if (complete(drop)) {
                        bars.add(new Bar("site " + site.site() + " | " + s.model(), s.model(), drop));
                    }
                }
            }
        }
        return svg(bars, models, colours, "accuracy");
    }

    /**
     * One metric's drops of each site from the source site (the clean pass's sites), e.g. {@link SourceDrops#auc};
     * "" when none has one.
     */
    static String siteSvg(List<ScenarioShift> scenarios, List<String> models, String[] colours, String metric,
            Function<SourceDrops, Difference> which) {
        List<Bar> bars = new ArrayList<>();
        for (ScenarioShift s : scenarios) {
            if (CLEAN.equals(s.family())) {
                for (SiteMetrics site : s.sites()) {
                    Difference drop = site.versusSource() == null ? null : which.apply(site.versusSource());
                    if (complete(drop)) {
                        bars.add(new Bar("site " + site.site() + " | " + s.model(), s.model(), drop));
                    }
                }
            }
        }
        return svg(bars, models, colours, metric);
    }

    private static String svg(List<Bar> bars, List<String> models, String[] colours, String metric) {
        if (bars.isEmpty()) {
            return "";
        }
        double low = 0;
        double high = 0;
        for (Bar bar : bars) {
            low = Math.min(low, bar.drop().lower());
            high = Math.max(high, bar.drop().upper());
        }
        // out to tenths; the tolerance keeps an exact tenth (e.g. -1.0 as -10.000000000000002 / 10) where it is
        int lowTenths = (int) Math.floor(low * 10 + 1e-9);
        int highTenths = Math.max((int) Math.ceil(high * 10 - 1e-9), lowTenths + 1);
        low = lowTenths / 10.0;
        high = highTenths / 10.0;
        int height = TOP + ROW * bars.size() + 28;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL + PLOT + 20).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"").append(metric)
                .append(" drops with intervals\" font-family=\"sans-serif\" font-size=\"11\">");
        double zero = x(0, low, high);
        svg.append(line(zero, TOP - 4, zero, TOP + ROW * bars.size(), "#57606a", " stroke-dasharray=\"3,3\""));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            String colour = colours[Math.max(0, models.indexOf(bar.model())) % colours.length];
            double y = TOP + i * ROW;
            double end = x(bar.drop().drop(), low, high);
            svg.append(text(LABEL - 6, y + 12, "end", bar.label()));
            svg.append("<rect x=\"").append(num(Math.min(zero, end))).append("\" y=\"").append(num(y + 3))
                    .append("\" width=\"").append(num(Math.abs(end - zero))).append("\" height=\"").append(ROW - 6)
                    .append("\" fill=\"").append(colour).append("\" fill-opacity=\"0.6\"/>");
            double lower = x(bar.drop().lower(), low, high);
            double upper = x(bar.drop().upper(), low, high);
            svg.append(line(lower, y + ROW / 2.0, upper, y + ROW / 2.0, "#24292f", ""));
            svg.append(line(lower, y + 4, lower, y + ROW - 4, "#24292f", ""));
            svg.append(line(upper, y + 4, upper, y + ROW - 4, "#24292f", ""));
        }
        double axis = TOP + ROW * bars.size() + 4;
        svg.append(line(LABEL, axis, LABEL + PLOT, axis, "#8c959f", ""));
        for (int tenths = lowTenths; tenths <= highTenths; tenths++) {
            double t = tenths / 10.0;
            svg.append(line(x(t, low, high), axis, x(t, low, high), axis + 4, "#8c959f", ""));
            svg.append(text(x(t, low, high), axis + 15, "middle", String.format(Locale.ROOT, "%.1f", t)));
        }
        svg.append(text(LABEL + PLOT / 2.0, 14, "middle", metric + " drop (reference minus shifted), 95 % interval"));
        return svg.append("</svg>\n").toString();
    }

    private static boolean complete(Difference d) {
        return d != null && d.drop() != null && d.lower() != null && d.upper() != null;
    }

    private static double x(double value, double low, double high) {
        return LABEL + (value - low) / (high - low) * PLOT;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour, String extra) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2)
                + "\" stroke=\"" + colour + "\"" + extra + "/>";
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + Html.escape(content)
                + "</text>";
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
