package dev.keyless.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command writes the two files only when the CA serves them as the documents they claim to be. */
class TrustRootCommandTest {
    static final String ROOT = "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[]}";
    static final String CONFIG = "{\"mediaType\":\"application/vnd.dev.sigstore.signingconfig.v0.2+json\",\"caUrls\":[]}";

    @TempDir
    Path dir;
    private HttpServer ca;
    private final Map<String, String> served = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        ca = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ca.createContext("/", ex -> {
            String body = served.get(ex.getRequestURI().getPath());
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : bytes.length);
            if (body != null) {
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        });
        ca.start();
    }

    @AfterEach
    void stop() {
        ca.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + ca.getAddress().getPort());
    }

    @Test
    void writesBothFilesAsServed() throws Exception {
        served.put("/trusted_root.json", ROOT);
        served.put("/signing_config.json", CONFIG);
        Path[] files = TrustRootCommand.download(HttpClient.newHttpClient(), url(), dir.resolve("out"));
        assertThat(files[0]).hasFileName("trusted_root.json").hasContent(ROOT);
        assertThat(files[1]).hasFileName("signing_config.json").hasContent(CONFIG);
    }

    @Test
    void refusesWrongDocumentsAndErrorsAndWritesNothingWrong() throws Exception {
        served.put("/trusted_root.json", CONFIG); // the other document
        served.put("/signing_config.json", CONFIG);
        assertThatThrownBy(() -> TrustRootCommand.download(HttpClient.newHttpClient(), url(), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("media type");
        assertThat(dir.resolve("trusted_root.json")).doesNotExist();

        served.put("/trusted_root.json", "not json");
        assertThatThrownBy(() -> TrustRootCommand.download(HttpClient.newHttpClient(), url(), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("not JSON");

        served.remove("/trusted_root.json");
        assertThatThrownBy(() -> TrustRootCommand.download(HttpClient.newHttpClient(), url(), dir))
                .isInstanceOf(IOException.class).hasMessageContaining("404");
        assertThat(Files.list(dir)).isEmpty();
    }
}
