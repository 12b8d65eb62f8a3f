package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.PythonTuf;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.tuf.RootProvider;
import dev.sigstore.tuf.SigstoreTufClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The four TUF clients of the system tests, each taking its trust only from the repository at {@code mirror} with
 * {@code root} as its initial root, and each keeping its cache under {@code caches} from call to call, as a user's
 * does (a rollback is caught against what a client saw before): cosign ({@code TUF_ROOT}), sigstore-java
 * ({@code SigstoreTufClient}), sigstore-js ({@code sigstore.verify} with {@code tufMirrorURL}) and python-tuf.
 *
 * @param cosign cosign trusting the CA's TLS certificate
 * @param identity, issuer what the verification policy requires
 */
record TufClients(URI mirror, Path root, Path caTls, Cosign cosign, Path caches, String identity, String issuer) {

    /** A client's kept cache. */
    Path cache(String client) throws Exception {
        return Files.createDirectories(caches.resolve(client));
    }

    Cosign cosign(Path tufRoot) {
        return cosign.with(Map.of("TUF_ROOT", tufRoot.toString()));
    }

    SigstoreTufClient.Builder java(Path cache) {
        return SigstoreTufClient.builder().tufMirror(mirror, RootProvider.fromFile(root)).tufCacheLocation(cache);
    }

    SigstoreJs.Result js(Path cache, Path artifact, Path bundle) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("NODE_EXTRA_CA_CERTS", caTls.toString());
        env.put("KEYLESS_TUF_MIRROR", mirror.toString());
        env.put("KEYLESS_TUF_ROOT", root.toString());
        env.put("KEYLESS_TUF_CACHE", cache.toString());
        env.put("KEYLESS_ARTIFACT", artifact.toString());
        env.put("KEYLESS_BUNDLE", bundle.toString());
        env.put("KEYLESS_IDENTITY", identity);
        env.put("KEYLESS_ISSUER", issuer);
        return SigstoreJs.run("tuf-js.mjs", env);
    }

    PythonTuf.Result python(Path cache) throws Exception {
        return PythonTuf.refresh(mirror.toString(), root, cache, caTls);
    }

    Cosign.Result cosignVerify(Path tufRoot, Path blob, Path bundle) throws Exception {
        return cosign(tufRoot).run("verify-blob", "--bundle", bundle.toString(), "--certificate-identity", identity,
                "--certificate-oidc-issuer", issuer, blob.toString());
    }

    /** Every client, with its kept cache, refreshes and verifies {@code blob}'s bundle. */
    void everyClientAccepts(Path blob, Path bundle) throws Exception {
        CosignTestBase.ok(cosignVerify(cache("cosign"), blob, bundle));
        SigstoreTufClient.Builder java = java(cache("java"));
        java.build().update();
        KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(java)).build().verify(
                Hash.sha256(Files.readAllBytes(blob)).toByteArray(), Bundle.from(Files.newBufferedReader(bundle)),
                SigstoreJavaClient.identity(identity, issuer));
        SigstoreJs.Result js = js(cache("js"), blob, bundle);
        assertThat(js.exitCode()).as(js.output()).isZero();
        PythonTuf.Result py = python(cache("python"));
        assertThat(py.ok()).as(py.output()).isTrue();
    }

    /**
     * Every client refuses {@code blob}'s bundle, each saying why: cosign and sigstore-js with one of {@code reasons}
     * in their output, sigstore-java with an exception naming one, python-tuf with its error. The reasons are printed
     * for the log.
     */
    void everyClientRefuses(Path cosignRoot, Path javaCache, Path jsCache, Path pythonCache, Path blob, Path bundle,
            String... reasons) throws Exception {
        Cosign.Result c = cosignVerify(cosignRoot, blob, bundle);
        CosignTestBase.refused(c, reasons);
        System.out.println("[tuf] cosign refused: " + c.stderr().strip().lines().reduce((a, b) -> b).orElse(""));
        assertThatThrownBy(() -> java(javaCache).build().update()).satisfies(e -> {
            String why = e + " / " + e.getCause();
            System.out.println("[tuf] sigstore-java refused: " + why);
            assertThat(why.toLowerCase(Locale.ROOT)).containsAnyOf(reasons);
        });
        SigstoreJs.Result js = js(jsCache, blob, bundle);
        assertThat(js.exitCode()).as(js.output()).isNotZero();
        System.out.println("[tuf] sigstore-js refused: " + js.steps().get(0).detail());
        assertThat(js.steps().get(0).detail().toLowerCase(Locale.ROOT)).as(js.output()).containsAnyOf(reasons);
        PythonTuf.Result py = python(pythonCache);
        assertThat(py.ok()).as(py.output()).isFalse();
        System.out.println("[tuf] python-tuf refused: " + py.error());
        assertThat(py.error().toLowerCase(Locale.ROOT)).as(py.output()).containsAnyOf(reasons);
    }

    /** {@link #everyClientRefuses} with the kept caches. */
    void everyKeptCacheRefuses(Path blob, Path bundle, String... reasons) throws Exception {
        everyClientRefuses(cache("cosign"), cache("java"), cache("js"), cache("python"), blob, bundle, reasons);
    }
}
