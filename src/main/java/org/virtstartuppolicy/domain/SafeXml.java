package org.virtstartuppolicy.domain;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.virtstartuppolicy.ToolError;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses the XML libvirt writes (domains, storage pools). A DOCTYPE is refused outright, so no
 * entity, internal or external, is ever expanded; every failure is one line naming the source.
 */
public final class SafeXml {
    private SafeXml() {
    }

    /**
     * The deepest nesting read. libvirt's deepest domain elements sit about eight levels down;
     * nothing a domain needs comes near this, and deeper input only costs memory and stack.
     */
    public static final int MAX_DEPTH = 64;
    private static final String MAX_DEPTH_PROPERTY = "jdk.xml.maxElementDepth";

    /**
     * One parser per thread, set up once and reset before each document: setting a parser up
     * costs more than parsing a domain, and a whole host is many domains.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            return secureFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks secure processing", e);
        }
    });

    /** @param kind what the document is, for messages: "domain XML", "a storage pool definition" */
    public static Document parse(InputStream in, String sourceName, String kind) {
        try {
            DocumentBuilder builder = BUILDERS.get();
            builder.reset();
            builder.setErrorHandler(THROWING);
            return builder.parse(in);
        } catch (SAXParseException e) {
            throw new ToolError(sourceName + ":" + Math.max(1, e.getLineNumber()) + ": " + describe(e, kind));
        } catch (SAXException e) {
            throw new ToolError(sourceName + ": malformed XML: " + e.getMessage());
        } catch (IOException e) {
            throw new ToolError(sourceName + ": cannot read: " + e.getMessage());
        }
    }

    /** The first child element called {@code name}, or null. */
    public static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Every child element called {@code name}, in document order; none under a null parent. */
    public static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                found.add(element);
            }
        }
        return found;
    }

    /** The element's text, trimmed, or null for no element. */
    public static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }

    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setAttribute(MAX_DEPTH_PROPERTY, String.valueOf(MAX_DEPTH));
        return factory;
    }

    private static String describe(SAXParseException e, String kind) {
        String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
        if (message.contains("DOCTYPE")) {
            return "a DOCTYPE is not allowed in " + kind + " (entities are never resolved)";
        }
        if (message.contains("maxElementDepth")) {
            return kind + " nested more than " + MAX_DEPTH + " elements deep, the limit";
        }
        if (message.contains("Premature end of file")) {
            return "malformed XML: empty, not a single element";
        }
        if (message.contains("must start and end within the same entity")) {
            return "malformed XML: the text ends before every element is closed";
        }
        if (message.contains("Content is not allowed in prolog")) {
            return "malformed XML: text before the first element (is this " + kind + "?)";
        }
        if (message.contains("Invalid byte") && message.contains("UTF-8")) {
            return "malformed XML: not UTF-8 text (is this " + kind + "?)";
        }
        return "malformed XML: " + message;
    }

    private static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // Warnings do not make a definition unusable.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };
}
