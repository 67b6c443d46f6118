package dev.loadtest.engine.scenario;

import dev.loadtest.engine.http.Origin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A user's cookies, per host. Created on the first Set-Cookie, so cookie-less users pay nothing. */
final class CookieJar {
    private final Map<String, Map<String, String>> byHost = new LinkedHashMap<>(2);

    void store(Origin origin, List<String> setCookies) {
        for (String sc : setCookies) {
            int semi = sc.indexOf(';');
            String pair = semi < 0 ? sc : sc.substring(0, semi);
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            Map<String, String> jar = byHost.computeIfAbsent(origin.host(), h -> new LinkedHashMap<>(4));
            if (value.isEmpty() || expiresNow(sc)) {
                jar.remove(name);
            } else {
                jar.put(name, value);
            }
        }
    }

    /** The Cookie header value for this origin, or null. */
    String header(Origin origin) {
        Map<String, String> jar = byHost.get(origin.host());
        if (jar == null || jar.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        jar.forEach((k, v) -> {
            if (!b.isEmpty()) {
                b.append("; ");
            }
            b.append(k).append('=').append(v);
        });
        return b.toString();
    }

    private static boolean expiresNow(String setCookie) {
        String lower = setCookie.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("max-age=0") || lower.contains("max-age=-");
    }
}
