package dev.keyless.ca.config;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.UpgradeProtocol;
import org.apache.coyote.http2.Http2Protocol;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat's HTTP/2 abuse protection, tuned so that Go's HTTP/2 client (cosign, sigstore-go) keeps its connection.
 *
 * <p>Tomcat keeps an "overhead" count per connection and closes the connection with GOAWAY
 * {@code ENHANCE_YOUR_CALM} once it is above zero. It starts at -100; a request's HEADERS and each DATA frame of the
 * answer take 20 off; every RST_STREAM, received or sent, adds {@code overheadResetFactor}, 50 by default. A TUF
 * client asks for {@code N+1.root.json} on every refresh and gets a 404; Go's client closes that answer's body at once
 * and, when the end of the stream has not arrived yet, resets the stream. On a busy or cold server the reset comes
 * before the answer is written (no DATA frame to subtract) and Tomcat may reset the stream too, so two or three
 * refreshes in one cosign run added more than the requests took off: CI once saw {@code cosign sign-blob} fail with
 * "Too much overhead" (four streams into the connection).
 *
 * <p>At {@value #RESET_FACTOR} a reset still costs more than a request earns, so a HEADERS-then-RST flood (the "rapid
 * reset" attack) still loses its connection: a Go client cancelling each request 100 µs after sending it got the
 * GOAWAY after 10 resets. A client that cancels one answer in two, even with Tomcat's own reset on top, stays below
 * zero.
 */
@Configuration(proxyBeanMethods = false)
public class Http2Configuration {
    /** What each RST_STREAM adds to the overhead count; Tomcat's default is 50 and a request subtracts 20. */
    static final int RESET_FACTOR = 25;

    @Bean
    TomcatConnectorCustomizer http2ResetTolerance() {
        return Http2Configuration::tolerateCancelledAnswers;
    }

    /** Sets the reset factor on the connector's HTTP/2 protocol, if it has one (plain HTTP stays HTTP/1.1). */
    static void tolerateCancelledAnswers(Connector connector) {
        for (UpgradeProtocol protocol : connector.findUpgradeProtocols()) {
            if (protocol instanceof Http2Protocol http2) {
                http2.setOverheadResetFactor(RESET_FACTOR);
            }
        }
    }
}
