package dev.keyless.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyless.common.crypto.PrivateKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A development OIDC issuer for trying keyless signing on one machine: OIDC discovery, a JWKS, and
 * {@code GET /token?email=<address>}, which mints a 10-minute RS256 ID token for that address (audience
 * {@code sigstore}, {@code email_verified: true}, {@code sub} = the address). It listens on loopback only (unless
 * {@code --listen-all} is given, for a container whose port is published to the host's loopback) and proves nothing
 * about anyone: never configure it in a real deployment. Its key is generated once and kept.
 *
 * <pre>
 * java -cp admin/target/keyless-admin-all.jar dev.keyless.admin.DevIssuer --port 8088 --data data/issuer
 * # in a container, named as ca-service reaches it:
 * java -cp keyless-admin-all.jar dev.keyless.admin.DevIssuer --listen-all --issuer-url http://dev-issuer:8088
 * </pre>
 */
public final class DevIssuer implements AutoCloseable {
    static final String AUDIENCE = "sigstore";
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,190}\\.[A-Za-z]{2,24}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final String issuerUrl;
    private final PrivateKey key;
    private final RSAPublicKey publicKey;
    private final Clock clock;

    private DevIssuer(HttpServer server, String issuerUrl, PrivateKey key, Clock clock) {
        this.server = server;
        this.issuerUrl = issuerUrl != null ? issuerUrl : "http://127.0.0.1:" + server.getAddress().getPort();
        this.key = key;
        this.publicKey = (RSAPublicKey) PrivateKeys.publicKeyOf(key);
        this.clock = clock;
    }

    /** Starts on {@code 127.0.0.1:port} (0 = any free port), with the key kept in {@code dataDir}. */
    public static DevIssuer start(int port, Path dataDir, Clock clock) throws IOException, GeneralSecurityException {
        return start(InetAddress.getLoopbackAddress(), port, null, dataDir, clock);
    }

    /**
     * @param bind the address to listen on
     * @param issuerUrl the {@code iss} of its tokens and its discovery document, as the CA reaches it; null:
     *     {@code http://127.0.0.1:<port>}
     */
    public static DevIssuer start(InetAddress bind, int port, String issuerUrl, Path dataDir, Clock clock)
            throws IOException, GeneralSecurityException {
        PrivateKey key = loadOrCreateKey(dataDir.resolve("issuer-key.pem"));
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        DevIssuer issuer = new DevIssuer(server, issuerUrl, key, clock);
        server.createContext("/", issuer::handle);
        server.start();
        return issuer;
    }

    /** The issuer URL that goes into ca-service's configuration ({@code http://127.0.0.1:<port>} by default). */
    public String url() {
        return issuerUrl;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** A signed ID token for {@code email}. */
    public String token(String email) throws GeneralSecurityException {
        if (!EMAIL.matcher(email).matches()) {
            throw new IllegalArgumentException("not an email address");
        }
        long now = clock.instant().getEpochSecond();
        ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "RS256").put("kid", "dev").put("typ", "JWT");
        ObjectNode claims = JsonNodeFactory.instance.objectNode().put("iss", url()).put("sub", email).put("aud", AUDIENCE)
                .put("email", email).put("email_verified", true).put("iat", now).put("nbf", now).put("exp", now + 600);
        String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64URL.encodeToString(rs256.sign());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/.well-known/openid-configuration" -> send(exchange, 200, "application/json", JSON.writeValueAsString(
                        JsonNodeFactory.instance.objectNode().put("issuer", url()).put("jwks_uri", url() + "/jwks")
                                .set("id_token_signing_alg_values_supported", JsonNodeFactory.instance.arrayNode().add("RS256"))));
                case "/jwks" -> send(exchange, 200, "application/json", jwks());
                case "/token" -> {
                    String email = query(exchange.getRequestURI().getRawQuery()).getOrDefault("email", "");
                    try {
                        send(exchange, 200, "text/plain", token(email) + "\n");
                    } catch (IllegalArgumentException e) {
                        send(exchange, 400, "text/plain", "give ?email=<address>\n");
                    }
                }
                default -> send(exchange, 404, "text/plain", "not found\n");
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a token", e);
        }
    }

    private String jwks() {
        ObjectNode k = JsonNodeFactory.instance.objectNode().put("kty", "RSA").put("kid", "dev").put("use", "sig").put("alg", "RS256")
                .put("n", B64URL.encodeToString(unsigned(publicKey.getModulus())))
                .put("e", B64URL.encodeToString(unsigned(publicKey.getPublicExponent())));
        return JSON.writeValueAsString(JsonNodeFactory.instance.objectNode().set("keys", JsonNodeFactory.instance.arrayNode().add(k)));
    }

    private static byte[] unsigned(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static PrivateKey loadOrCreateKey(Path file) throws IOException, GeneralSecurityException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "issuer-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, PrivateKeys.toPem(g.generateKeyPair().getPrivate()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return PrivateKeys.parsePem(Files.readString(file));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final String OPTIONS = "options: --port N --data DIR [--issuer-url URL] [--listen-all]";

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(OPTIONS);
        }
        return args[i];
    }

    public static void main(String[] args) throws Exception {
        int port = 8088;
        Path data = Path.of("data", "issuer");
        InetAddress bind = InetAddress.getLoopbackAddress();
        String issuerUrl = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--data" -> data = Path.of(value(args, ++i));
                case "--issuer-url" -> issuerUrl = value(args, ++i);
                case "--listen-all" -> bind = InetAddress.getByName("0.0.0.0");
                default -> throw new IllegalArgumentException(OPTIONS);
            }
        }
        DevIssuer issuer = start(bind, port, issuerUrl, data, Clock.systemUTC());
        System.out.println("development OIDC issuer at " + issuer.url() + " (tokens: " + issuer.url() + "/token?email=you@example.com)");
    }
}
