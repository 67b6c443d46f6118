package dev.loadtest.engine.scenario;

import java.nio.charset.StandardCharsets;

/**
 * Makes a rendered URL one {@link java.net.URI} accepts, as browsers and Python's requests do: a
 * value from test data or a response ({@code /search/${data.term}} with "red shoes") may hold
 * characters a URI may not (a space, quotes, braces, non-ASCII). Those are percent-encoded; every
 * character a URI allows, reserved ones included, and escapes already there are left as they are, so
 * a value that is already a path or a query is sent as written.
 */
final class UriText {
    private UriText() {}

    static String requote(String url) {
        int start = url.indexOf("://");
        if (start >= 0) { // the authority ends at the first '/', '?' or '#'
            int from = start + 3;
            start = url.length();
            for (int i = from; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    start = i;
                    break;
                }
            }
        } else {
            start = 0;
        }
        if (fine(url, start)) {
            return url; // the usual case: nothing to do, nothing allocated
        }
        StringBuilder b = new StringBuilder(url.length() + 16).append(url, 0, start);
        boolean inQuery = false;
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            inQuery |= c == '?';
            if (c == '%' && escape(url, i)) {
                b.append(c);
            } else if (c != '%' && allowed(c, inQuery)) {
                b.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
                for (byte x : url.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
                }
                i = end - 1;
            }
        }
        return b.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean fine(String url, int from) {
        boolean inQuery = false;
        for (int i = from; i < url.length(); i++) {
            char c = url.charAt(i);
            inQuery |= c == '?';
            if (c == '%' ? !escape(url, i) : !allowed(c, inQuery)) {
                return false;
            }
        }
        return true;
    }

    /** A {@code %} that starts an escape (two hex digits follow). */
    private static boolean escape(String s, int i) {
        return i + 2 < s.length() && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2));
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** What java.net.URI takes unescaped in a path (and, with [ and ], in a query or fragment). */
    private static boolean allowed(char c, boolean inQuery) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        // '#' is escaped too: a request line has no fragment, so "/tags/c#" means that tag
        return "-_.!~*'();/?:@&=+$,".indexOf(c) >= 0 || inQuery && (c == '[' || c == ']');
    }
}
