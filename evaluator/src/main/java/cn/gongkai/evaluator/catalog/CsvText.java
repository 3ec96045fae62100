package cn.gongkai.evaluator.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text of an uploaded CSV file as evaluators' spreadsheets save it: UTF-8 (a byte-order mark dropped), else
 * GB18030, the code page Excel on Chinese Windows saves CSV in. Shared by every CSV import of the platform.
 */
public final class CsvText {

    public static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvText() {
    }

    /** The decoded text, or empty when the bytes are neither valid UTF-8 nor valid GB18030. */
    public static Optional<String> decode(byte[] bytes) {
        int offset = startsWith(bytes, UTF8_BOM) ? UTF8_BOM.length : 0;
        try {
            return Optional.of(strict(StandardCharsets.UTF_8)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString());
        } catch (CharacterCodingException notUtf8) {
            try {
                return Optional.of(strict(Charset.forName("GB18030"))
                        .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString());
            } catch (CharacterCodingException neither) {
                return Optional.empty();
            }
        }
    }

    public static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
