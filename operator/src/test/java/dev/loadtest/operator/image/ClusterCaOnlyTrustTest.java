package dev.loadtest.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image points the Kubernetes client at an empty trust store (operator/Dockerfile), so
 * the API server is checked against the cluster's CA alone instead of the JDK's public CAs plus it,
 * and the JDK's store is not parsed at every start. Here: the Dockerfile's own keytool commands make
 * the store, and the client's trust built from it and a cluster CA holds that CA and nothing else.
 */
class ClusterCaOnlyTrustTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");

    @TempDir
    Path dir;

    @Test
    void theImagesTrustStoreLeavesTheClusterCaAlone() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher flag =
                Pattern.compile("\"-Dkubernetes\\.truststore\\.file=([^\"]+)\"").matcher(dockerfile);
        assertThat(flag.find()).as("the ENTRYPOINT names the trust store").isTrue();
        String imagePath = flag.group(1);
        Path store = dir.resolve("trust.p12");
        // the RUN line that makes it, run here with the path moved into the temporary directory
        Matcher run = Pattern.compile("(?m)^RUN (keytool .*" + Pattern.quote(imagePath) + ".*)$")
                .matcher(dockerfile);
        assertThat(run.find()).as("a RUN line makes %s with keytool", imagePath).isTrue();
        for (String command : run.group(1).replace(imagePath, store.toString()).split("&&")) {
            keytool(command.replace(">/dev/null", "").trim().split("\\s+"));
        }
        Path ca = clusterCa();

        List<X509Certificate> imageTrust =
                issuers(SSLUtils.trustManagers(null, ca.toString(), false, store.toString(), null));
        assertThat(imageTrust)
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=cluster-ca");

        // without it the client trusts the JDK's public CAs as well: what the image no longer parses
        List<X509Certificate> defaultTrust = issuers(SSLUtils.trustManagers(null, ca.toString(), false, null, null));
        assertThat(defaultTrust).hasSizeGreaterThan(50);
    }

    private Path clusterCa() throws Exception {
        Path keys = dir.resolve("ca.p12");
        Path cert = dir.resolve("ca.crt");
        keytool(
                "keytool",
                "-genkeypair",
                "-alias",
                "ca",
                "-keystore",
                keys.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-dname",
                "CN=cluster-ca",
                "-keyalg",
                "EC",
                "-ext",
                "bc:c");
        keytool(
                "keytool",
                "-exportcert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                keys.toString(),
                "-storepass",
                "changeit",
                "-file",
                cert.toString());
        return cert;
    }

    private static List<X509Certificate> issuers(TrustManager[] managers) {
        List<X509Certificate> all = new ArrayList<>();
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                all.addAll(Arrays.asList(x.getAcceptedIssuers()));
            }
        }
        return all;
    }

    /** keytool from the JDK running the test: the image's JRE has the same one. */
    private static void keytool(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        assertThat(args.get(0)).isEqualTo("keytool");
        args.set(0, Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", args, out).isZero();
    }
}
