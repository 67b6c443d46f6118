package dev.loadtest.api.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON path subset extract and checks use: {@code $}, {@code .field}, {@code ['field']} and
 * {@code [index]}, e.g. {@code $.items[0].id}. Parsed once into segments: String keys and Integer
 * indexes.
 */
public final class JsonPaths {
    private JsonPaths() {}

    public static List<Object> parse(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException(
                    "found \"" + path + "\"; a JSON path starts with $, e.g. $.access_token");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    i++;
                }
                if (start == i) {
                    throw bad(path, start, "expected a field name after '.'");
                }
                segments.add(path.substring(start, i));
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw bad(path, i, "'[' is not closed");
                }
                String inside = path.substring(i + 1, close).trim();
                if (inside.length() >= 2
                        && (inside.startsWith("'") && inside.endsWith("'")
                                || inside.startsWith("\"") && inside.endsWith("\""))) {
                    segments.add(inside.substring(1, inside.length() - 1));
                } else {
                    try {
                        segments.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw bad(path, i + 1, "expected an index like [0] or a quoted field like ['name']");
                    }
                }
                i = close + 1;
            } else {
                throw bad(path, i, "expected '.' or '['");
            }
        }
        return segments;
    }

    private static IllegalArgumentException bad(String path, int at, String what) {
        return new IllegalArgumentException("JSON path \"" + path + "\" at character " + (at + 1) + ": " + what);
    }
}
