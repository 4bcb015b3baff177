package io.pipekeeper.notify;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Twilio's call and message instructions (TwiML), written by the JDK's XML writer, which escapes every text and attribute. */
public final class TwiML {
    private static final XMLOutputFactory XML = XMLOutputFactory.newInstance();
    /** Control characters XML 1.0 cannot hold at all, even escaped (a webhook's summary may carry them). */
    private static final java.util.regex.Pattern NOT_IN_XML = java.util.regex.Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]");

    private TwiML() {
    }

    /** A call that speaks {@code text}. */
    public static String say(String text) {
        return write(xml -> element(xml, "Say", text));
    }

    /** An answer that says nothing (no SMS back). */
    public static String nothing() {
        return write(xml -> {
        });
    }

    /** An SMS answer of {@code text}. */
    public static String message(String text) {
        return write(xml -> element(xml, "Message", text));
    }

    /**
     * A call that speaks {@code prompt} while waiting for one key, which Twilio posts to {@code action}; when no key is
     * pressed, it says {@code otherwise}.
     */
    public static String gatherOneKey(String action, String prompt, String otherwise) {
        return write(xml -> {
            xml.writeStartElement("Gather");
            xml.writeAttribute("numDigits", "1");
            xml.writeAttribute("method", "POST");
            xml.writeAttribute("action", action);
            element(xml, "Say", prompt);
            xml.writeEndElement();
            element(xml, "Say", otherwise);
        });
    }

    /** Whether {@code text} is already TwiML rather than words to speak. */
    static boolean isTwiML(String text) {
        return text.startsWith("<Response>") || text.startsWith("<?xml");
    }

    private interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
        xml.writeStartElement(name);
        xml.writeCharacters(NOT_IN_XML.matcher(text).replaceAll(" "));
        xml.writeEndElement();
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.writeStartElement("Response");
            body.write(xml);
            xml.writeEndElement();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("TwiML of text always writes", e);
        }
        return out.toString();
    }
}
