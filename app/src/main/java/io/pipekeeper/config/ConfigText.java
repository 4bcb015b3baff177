package io.pipekeeper.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A configuration file's bytes as text: UTF-8 (a byte-order mark is allowed), or a located refusal that says what
 * the file is instead (UTF-16, binary) and what to do.
 */
final class ConfigText {
    /** A pipekeeper.yaml is a few kilobytes (the seed's is about 12 KB); a file this large is the wrong file. */
    static final long MAX_BYTES = 1 << 20;

    private ConfigText() {
    }

    static ConfigException tooLarge(String shownAs, long bytes) {
        return refused(shownAs, 1, 1, String.format(Locale.ROOT, "is %.1f MB; a pipekeeper.yaml is at most %d KB (the seed's is about 12 KB): "
                + "is this the right file?", bytes / 1048576.0, MAX_BYTES / 1024));
    }

    static String decode(String shownAs, byte[] bytes) {
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE)) {
            throw refused(shownAs, 1, 1, "is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8");
        }
        int offset = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0;
        for (int i = offset; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                int[] at = lineAndColumn(bytes, offset, i);
                throw refused(shownAs, at[0], at[1], looksLikeUtf16(bytes)
                        ? "holds a NUL byte beside every letter: it is UTF-16 text; save it as UTF-8"
                        : "holds a NUL byte: this is a binary file, not YAML text; is this the right file?");
            }
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(bytes, offset);
            int[] at = lineAndColumn(bytes, offset, bad);
            throw refused(shownAs, at[0], at[1], String.format(Locale.ROOT, "byte 0x%02X is not UTF-8 text (a Latin-1 or binary file?); "
                    + "save the file as UTF-8", bytes[bad] & 0xFF));
        }
    }

    /** UTF-16 text of mostly ASCII letters: among its first bytes, NULs stand at every other place. */
    private static boolean looksLikeUtf16(byte[] bytes) {
        int even = 0;
        int odd = 0;
        int checked = Math.min(bytes.length, 256);
        for (int i = 0; i < checked; i++) {
            if (bytes[i] == 0) {
                if (i % 2 == 0) {
                    even++;
                } else {
                    odd++;
                }
            }
        }
        return Math.max(even, odd) >= checked / 3 && Math.min(even, odd) == 0;
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The offset of the first byte that does not decode. */
    private static int firstBadByte(byte[] bytes, int from) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = utf8.decode(in, out, true);
        return result.isError() ? in.position() : bytes.length - 1;
    }

    /** Line and column (from 1, the column in characters) of the byte at {@code index}. */
    private static int[] lineAndColumn(byte[] bytes, int from, int index) {
        int line = 1;
        int lineStart = from;
        for (int i = from; i < index; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < index; i++) {
            if ((bytes[i] & 0xC0) != 0x80) { // a UTF-8 continuation byte is not a character of its own
                column++;
            }
        }
        return new int[] {line, column};
    }

    private static ConfigException refused(String shownAs, int line, int column, String message) {
        return new ConfigException(List.of(new ConfigProblem(shownAs, line, column, ConfigPath.ROOT, message)));
    }
}
