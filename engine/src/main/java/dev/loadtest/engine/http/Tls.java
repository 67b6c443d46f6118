package dev.loadtest.engine.http;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** TLS socket factories: the JDK's default, or one that trusts any certificate (opt-in). */
final class Tls {
    private static volatile SSLSocketFactory insecure;

    private Tls() {}

    static SSLSocketFactory factory(boolean insecureSkipVerify) {
        if (!insecureSkipVerify) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        SSLSocketFactory f = insecure;
        if (f == null) {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
                f = ctx.getSocketFactory();
                insecure = f;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("cannot build a TLS context", e);
            }
        }
        return f;
    }

    /** Accepts every certificate: only for spec.target.insecureSkipTlsVerify: true. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
