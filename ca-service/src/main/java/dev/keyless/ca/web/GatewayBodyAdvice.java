package dev.keyless.ca.web;

import dev.keyless.ca.admission.RequestSizeLimitFilter;
import dev.keyless.ca.errors.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Reads the body of a signing request the way Fulcio's gateway does before JSON parsing (grpc-gateway decodes the
 * first JSON value with Go's {@code json.Decoder} and ignores {@code io.EOF}):
 * <ul>
 *   <li>a body of only JSON whitespace is the empty message {@code {}}, as an empty body is;</li>
 *   <li>a top-level {@code null} is refused (400): protojson does not take {@code null} for a message.</li>
 * </ul>
 * Everything else goes to Jackson unchanged. The body is already bounded by {@link RequestSizeLimitFilter}, so reading
 * it here whole costs what Jackson's own read would.
 */
@ControllerAdvice(assignableTypes = {SigningCertificateController.class, LegacySigningCertificateController.class})
public class GatewayBodyAdvice extends RequestBodyAdviceAdapter {
    private static final Set<Type> REQUESTS = Set.of(CreateSigningCertificateRequest.class, LegacySigningCertificateRequest.class);
    private static final byte[] EMPTY_MESSAGE = "{}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return REQUESTS.contains(targetType);
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] body;
        try (InputStream in = input.getBody()) {
            body = in.readAllBytes();
        }
        return switch (kind(body)) {
            case NULL -> throw new InvalidRequestException(InvalidRequestException.UNPARSEABLE_BODY);
            // The empty message, as the gateway decodes it; Spring calls this advice only for a non-empty body.
            case BLANK -> message(EMPTY_MESSAGE, input.getHeaders());
            case OTHER -> message(body, input.getHeaders());
        };
    }

    enum Kind { BLANK, NULL, OTHER }

    /** Whether the body is only JSON whitespace (RFC 8259 §2), a lone {@code null}, or anything else. */
    static Kind kind(byte[] body) {
        int from = 0;
        int to = body.length;
        while (from < to && isJsonWhitespace(body[from])) {
            from++;
        }
        while (to > from && isJsonWhitespace(body[to - 1])) {
            to--;
        }
        if (from == to) {
            return Kind.BLANK;
        }
        return Arrays.equals(body, from, to, NULL, 0, NULL.length) ? Kind.NULL : Kind.OTHER;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static HttpInputMessage message(byte[] body, HttpHeaders headers) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
