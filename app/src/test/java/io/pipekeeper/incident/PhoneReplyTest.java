package io.pipekeeper.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneReplyTest {
    @ParameterizedTest(name = "''{0}'' asks {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "ack 12|ACKNOWLEDGE|12", "ACK 12 |ACKNOWLEDGE|12", "  acknowledge   #12|ACKNOWLEDGE|12", "a 12|ACKNOWLEDGE|12",
            "12a|ACKNOWLEDGE|12", "12 A|ACKNOWLEDGE|12", "#12a|ACKNOWLEDGE|12",
            "resolve 12|RESOLVE|12", "12c|RESOLVE|12", "12C |RESOLVE|12", "c 7|RESOLVE|7",
            "ack|ACKNOWLEDGE|", "A|ACKNOWLEDGE|", "resolve|RESOLVE|", "c|RESOLVE|",
            "STOP|STOP|", "stop |STOP|", "Start|START|", "unstop|START|",
            "12n|NOISE|12", "12 N|NOISE|12", "noise #12|NOISE|12", "12u|USEFUL|12", "useful 12|USEFUL|12", "noise|NOT_UNDERSTOOD|",
            "yes please|NOT_UNDERSTOOD|", "12b|NOT_UNDERSTOOD|", "ack twelve|NOT_UNDERSTOOD|", "|NOT_UNDERSTOOD|", "acked 12|NOT_UNDERSTOOD|"})
    void replies_are_read_whatever_their_case_and_spaces(String body, PhoneReply.Action action, Long incident) {
        assertThat(PhoneReply.parse(body)).isEqualTo(new PhoneReply(action, Optional.ofNullable(incident)));
    }
}
