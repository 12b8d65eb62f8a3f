package dev.keyless.ca.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.web.GatewayBodyAdvice.Kind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayBodyAdviceTest {
    @ParameterizedTest(name = "[{0}] is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\" \"            | BLANK",
            "\" \t\r\n \"     | BLANK",
            "null           | NULL",
            "\" null \"       | NULL",
            "\"\nnull\r\n\"   | NULL",
            "nul            | OTHER",
            "nulll          | OTHER",
            "Null           | OTHER",
            "\"null null\"    | OTHER",
            "[null]         | OTHER",
            "{}             | OTHER",
            "\"\u000B\"       | OTHER", // vertical tab is not JSON whitespace
    })
    void classifiesBodies(String body, Kind kind) {
        assertThat(GatewayBodyAdvice.kind(body.getBytes(StandardCharsets.UTF_8))).isEqualTo(kind);
    }
}
