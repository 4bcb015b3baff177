package io.pipekeeper.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** TwiML read back by an XML parser says exactly the text and the address it was given, whatever they hold. */
class TwiMLTest {
    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void quotes_ampersands_and_angle_brackets_survive_in_text_and_in_the_address() throws Exception {
        String action = "https://pk.example.com/hooks/twilio/voice?incident=7&x=\"><Hangup/>";
        String spoken = "orders <late> & \"stale\" 'again'";

        Document call = parse(TwiML.gatherOneKey(action, spoken, "No key\u0007 was pressed."));

        Element gather = (Element) call.getElementsByTagName("Gather").item(0);
        assertThat(gather.getAttribute("action")).isEqualTo(action);
        assertThat(gather.getTextContent()).isEqualTo(spoken);
        assertThat(call.getElementsByTagName("Hangup").getLength()).as("no element smuggled in").isZero();
        assertThat(call.getElementsByTagName("Say").item(1).getTextContent()).isEqualTo("No key  was pressed.");
        assertThat(parse(TwiML.message("ack <1> & done")).getDocumentElement().getTextContent()).isEqualTo("ack <1> & done");
    }
}
