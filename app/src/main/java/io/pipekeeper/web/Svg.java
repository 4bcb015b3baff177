package io.pipekeeper.web;

import io.pipekeeper.markup.Markup;
import java.util.List;
import java.util.Locale;

/** Small charts drawn on the server as inline SVG: they need no JavaScript and print as they look. */
final class Svg {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 160;
    private static final int PAD = 28;

    private Svg() {
    }

    /** One point of a chart: its label (a day) and value. */
    record Point(String label, double value) {
    }

    /** Bars, oldest first, with the largest value marked; {@code unit} follows the numbers. */
    static String bars(List<Point> points, String unit, String title) {
        if (points.isEmpty()) {
            return "<p class=\"muted\">No data yet.</p>";
        }
        double max = points.stream().mapToDouble(Point::value).max().orElse(1);
        double scale = max <= 0 ? 0 : (HEIGHT - 2 * PAD) / max;
        double step = (WIDTH - 2.0 * PAD) / points.size();
        StringBuilder svg = start(title);
        for (int i = 0; i < points.size(); i++) {
            Point point = points.get(i);
            double h = Math.max(1, point.value() * scale);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2f5bd3\" opacity=\"0.8\">"
                    + "<title>%s: %s %s</title></rect>", PAD + i * step + step * 0.15, HEIGHT - PAD - h, step * 0.7, h,
                    Markup.escape(point.label()), number(point.value()), Markup.escape(unit)));
        }
        return finish(svg, points, max, unit);
    }

    /** A line, oldest first. */
    static String line(List<Point> points, String unit, String title) {
        if (points.size() < 2) {
            return "<p class=\"muted\">Not enough days to draw.</p>";
        }
        double max = points.stream().mapToDouble(Point::value).max().orElse(1);
        double min = Math.min(0, points.stream().mapToDouble(Point::value).min().orElse(0));
        double scale = max == min ? 0 : (HEIGHT - 2 * PAD) / (max - min);
        double step = (WIDTH - 2.0 * PAD) / (points.size() - 1);
        StringBuilder svg = start(title).append("<polyline fill=\"none\" stroke=\"#2f5bd3\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < points.size(); i++) {
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", PAD + i * step, HEIGHT - PAD - (points.get(i).value() - min) * scale));
        }
        svg.append("\"/>");
        return finish(svg, points, max, unit);
    }

    private static StringBuilder start(String title) {
        return new StringBuilder("<svg class=\"chart\" viewBox=\"0 0 " + WIDTH + " " + HEIGHT + "\" role=\"img\" aria-label=\"" + Markup.escape(title)
                + "\" style=\"width:100%;height:auto;background:#fff;border:1px solid #e3e6ec;border-radius:10px\"><title>" + Markup.escape(title)
                + "</title><line x1=\"" + PAD + "\" y1=\"" + (HEIGHT - PAD) + "\" x2=\"" + (WIDTH - PAD) + "\" y2=\"" + (HEIGHT - PAD)
                + "\" stroke=\"#e3e6ec\"/>");
    }

    private static String finish(StringBuilder svg, List<Point> points, double max, String unit) {
        String style = "font-size=\"11\" fill=\"#5d6678\" font-family=\"system-ui,sans-serif\"";
        svg.append("<text x=\"" + PAD + "\" y=\"16\" " + style + ">max " + number(max) + " " + Markup.escape(unit) + "</text>");
        svg.append("<text x=\"" + PAD + "\" y=\"" + (HEIGHT - 8) + "\" " + style + ">" + Markup.escape(points.get(0).label()) + "</text>");
        svg.append("<text x=\"" + (WIDTH - PAD) + "\" y=\"" + (HEIGHT - 8) + "\" text-anchor=\"end\" " + style + ">"
                + Markup.escape(points.get(points.size() - 1).label()) + "</text>");
        return svg.append("</svg>").toString();
    }

    private static String number(double value) {
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
