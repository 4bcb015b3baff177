package io.pipekeeper.markup;

/**
 * The one escaper for markup pipekeeper writes by hand (email HTML, small pages, SVG): the text is safe in HTML
 * and XML, as content and inside an attribute quoted with either quote. Templates escape through JTE; TwiML is
 * written by an XML writer.
 */
public final class Markup {
    private Markup() {
    }

    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
