package dev.keyless.e2e.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An organization's signing key in an HSM, as the cosign tests need it: a fresh SoftHSM token in a directory of its
 * own, a P-256 key generated inside it, and a payload signed there through PKCS#11 (SunPKCS11). It runs in a child
 * JVM ({@link #sign}) because SoftHSM reads its configuration once per process, and the test JVM's belongs to
 * {@code Pkcs11CaIT}.
 */
public final class Pkcs11Signer {
    static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String PIN = "Hn3-org-pin";

    private Pkcs11Signer() {
    }

    /**
     * Signs {@code payload} with a new key in a new SoftHSM token under {@code tokenDir}; writes the public key PEM to
     * {@code publicKeyOut} and the base64 ECDSA signature (DER) to {@code signatureOut}.
     */
    public static void sign(Path tokenDir, Path payload, Path publicKeyOut, Path signatureOut) throws IOException, InterruptedException {
        if (!Files.isReadable(LIBRARY)) {
            throw new IllegalStateException("SoftHSM is not installed (" + LIBRARY + "): apt-get install softhsm2");
        }
        Files.createDirectories(tokenDir.resolve("tokens"));
        Path conf = tokenDir.resolve("softhsm2.conf");
        Files.writeString(conf, "directories.tokendir = " + tokenDir.resolve("tokens") + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Pkcs11Signer.class.getName(),
                payload.toString(), publicKeyOut.toString(), signatureOut.toString()).redirectErrorStream(true);
        pb.environment().put("SOFTHSM2_CONF", conf.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("signing in SoftHSM failed: " + out);
        }
    }

    /** The child JVM: SOFTHSM2_CONF names the fresh token directory. */
    public static void main(String[] args) throws Exception {
        Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "org-signing",
                "--so-pin", "so-" + PIN, "--pin", PIN).redirectErrorStream(true).start();
        String out = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
        if (init.waitFor() != 0 || !m.find()) {
            throw new IllegalStateException("softhsm2-util --init-token failed: " + out);
        }
        Provider provider = Security.getProvider("SunPKCS11").configure(
                "--name=org-signing\nlibrary=" + LIBRARY + "\nslot=" + m.group(1) + "\n");
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        store.load(null, PIN.toCharArray());
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", provider);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA", provider);
        s.initSign(pair.getPrivate());
        s.update(Files.readAllBytes(Path.of(args[0])));
        byte[] signature = s.sign();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(Path.of(args[1]), pem);
        Files.writeString(Path.of(args[2]), Base64.getEncoder().encodeToString(signature));
        System.out.println(List.of("signed in token slot " + m.group(1)));
    }
}
