package cn.gongkai.crawler.extract;

import com.ibm.icu.text.CharsetDetector;
import com.ibm.icu.text.CharsetMatch;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the charset of a page and decodes it. Order: a byte order mark (it cannot lie about the bytes after it),
 * the HTTP header, a {@code <meta>} or XML declaration, then ICU4J's statistical detector. A declaration is
 * believed only while the bytes agree with it: Chinese sites often declare UTF-8 over GBK bytes (or the reverse)
 * after a template change, and a browser user sees mojibake that the evaluation should not inherit.
 */
public final class Charsets {

    static final Charset GB18030 = Charset.forName("GB18030");

    // Labels that mean "some GB code page": GB18030 is a superset of all of them, and real sites that declare
    // gb2312 routinely use GBK-only characters (e.g. 镕, 堃), which a strict GB2312 decoder turns into U+FFFD.
    private static final Set<String> GB_LABELS = Set.of("gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312",
            "csgb2312", "cp936", "ms936", "windows-936", "chinese", "iso-ir-58", "csiso58gb231280", "gb18030",
            "euc-cn", "x-euc-cn");

    private static final Pattern HEADER_CHARSET = Pattern.compile("charset\\s*=\\s*[\"']?\\s*([^\"';\\s]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_\\-:.]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern XML_ENCODING = Pattern.compile(
            "<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9_\\-:.]+)", Pattern.CASE_INSENSITIVE);
    private static final int PRESCAN_BYTES = 8192;
    private static final int MIN_CONFIDENCE = 10;
    private static final int SURE_CONFIDENCE = 60;
    /** Bytes from the start of a page that ICU's detector reads first. */
    private static final int DETECTION_SAMPLE = 16 * 1024;
    /**
     * ICU's recognisers whose guesses are never used (see {@link #usable}), switched off: the single-byte ones read
     * every byte through n-gram tables and were most of the detector's time on a GBK page.
     */
    private static final List<String> UNUSABLE_GUESSES = java.util.Arrays.stream(
            new CharsetDetector().getDetectableCharsets()).filter(name -> !usable(forLabel(name))).toList();
    /** Every charset {@link #detect} can try: the detector's usable guesses, GB18030 and UTF-8. */
    private static final Set<Charset> POSSIBLE_CANDIDATES = possibleCandidates();

    /**
     * A decoded page.
     *
     * @param charset    the charset used (GB18030 for every GB label)
     * @param source     where it came from: bom, header, meta, detected or default
     * @param declared   the label the page or server declared, or null
     * @param malformed  byte sequences that were not valid in the charset and were dropped; real pages carry such
     *                   debris where a CMS cut a title in the middle of a two-byte character
     */
    public record Decoded(String text, Charset charset, String source, String declared, int malformed) {
    }

    private Charsets() {
    }

    public static Decoded decode(byte[] body, String contentTypeHeader) {
        return decode(body, contentTypeHeader, true);
    }

    /** {@link #decode}, with {@code shortcuts} false always asking the detector where it may decide (for tests). */
    static Decoded decode(byte[] body, String contentTypeHeader, boolean shortcuts) {
        if (body == null || body.length == 0) {
            return new Decoded("", StandardCharsets.UTF_8, "default", null, 0);
        }
        if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
            return strict(body, 3, StandardCharsets.UTF_8, "bom", null);
        }
        if (startsWith(body, 0xFE, 0xFF)) {
            return strict(body, 2, StandardCharsets.UTF_16BE, "bom", null);
        }
        if (startsWith(body, 0xFF, 0xFE)) {
            return strict(body, 2, StandardCharsets.UTF_16LE, "bom", null);
        }
        String declaredLabel = null;
        String source = null;
        Charset declared = null;
        if (contentTypeHeader != null) {
            Matcher m = HEADER_CHARSET.matcher(contentTypeHeader);
            if (m.find()) {
                declaredLabel = m.group(1);
                declared = forLabel(declaredLabel);
                source = "header";
            }
        }
        if (declared == null) {
            String meta = declaredInDocument(body);
            if (meta != null) {
                declaredLabel = meta;
                declared = forLabel(meta);
                source = "meta";
            }
        }
        if (declared != null) {
            Decoded d = strict(body, 0, declared, source, declaredLabel);
            // The declaration loses only to a charset that reads the bytes with clearly fewer errors (under a
            // quarter as many); a stray error or two is debris on a correctly declared page.
            if (d.malformed() < 3) {
                return d;
            }
            int fewerErrorsThan = (d.malformed() + 3) / 4;
            // Most such pages are their declared charset with debris, which no other charset reads better; asking
            // each charset the detector could name is cheaper than running the detector (a wrong charset fails
            // within a few hundred bytes), and only when one could win does the detector rank them.
            if (shortcuts && !anyReadsWithFewerErrors(body, fewerErrorsThan, null)) {
                return d;
            }
            Decoded better = detect(body, declaredLabel, fewerErrorsThan);
            return better != null ? better : d;
        }
        // Undeclared GBK pages are common: a scan that stops at the first byte UTF-8 cannot have spares them two
        // full UTF-8 decodings that would only count the errors.
        if (isUtf8(body)) {
            return strict(body, 0, StandardCharsets.UTF_8, "default", declaredLabel);
        }
        Decoded gb = shortcuts ? unrivalledGb18030(body, declaredLabel) : null;
        return gb != null ? gb : detect(body, declaredLabel, Integer.MAX_VALUE);
    }

    /**
     * Whether the bytes are well-formed UTF-8 as the JDK's decoder reads it (RFC 3629: no overlong forms, no
     * surrogates, nothing above U+10FFFF), stopping at the first byte that is not.
     */
    static boolean isUtf8(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + need >= n) {
                return false; // cut off at the end
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int next = b[i + k] & 0xFF;
                if (next < 0x80 || next > 0xBF) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }

    /**
     * ICU4J's candidates and GB18030, the usual undeclared encoding of Chinese pages; the first that reads the
     * bytes without error wins, else the one with fewest errors. ICU's guess goes first only when it is sure:
     * on a short text GBK bytes read as Big5 or Shift_JIS just as cleanly, and Chinese government pages are GBK.
     */
    private static Decoded detect(byte[] body, String declaredLabel, int fewerErrorsThan) {
        boolean escapes = hasEscape(body);
        Set<Charset> confident = new LinkedHashSet<>();
        Set<Charset> unsure = new LinkedHashSet<>();
        // ICU reads every byte it is given, some 2 ms for a 50 KB page: the start of the page usually settles it,
        // and only when it does not is the whole page read.
        CharsetMatch[] matches = body.length > DETECTION_SAMPLE
                ? icu(java.util.Arrays.copyOf(body, DETECTION_SAMPLE)) : icu(body);
        if (body.length > DETECTION_SAMPLE
                && java.util.Arrays.stream(matches).noneMatch(m -> m.getConfidence() >= SURE_CONFIDENCE)) {
            matches = icu(body);
        }
        for (CharsetMatch m : matches) {
            if (m.getConfidence() < MIN_CONFIDENCE) {
                continue;
            }
            Charset cs = forLabel(m.getName());
            if (usable(cs) && (escapes || !isIso2022(cs))) {
                (m.getConfidence() >= SURE_CONFIDENCE ? confident : unsure).add(cs);
            }
        }
        Set<Charset> candidates = new LinkedHashSet<>(confident);
        candidates.add(GB18030);
        candidates.addAll(unsure);
        candidates.add(StandardCharsets.UTF_8);
        // A candidate's decoding stops once it has as many errors as the best so far or the limit: it could no
        // longer be chosen, and reading on through a page that is not in its charset cost most of the time.
        Decoded best = null;
        for (Charset cs : candidates) {
            int giveUpAt = best == null ? fewerErrorsThan : Math.min(fewerErrorsThan, best.malformed());
            Decoded d = strict(body, 0, cs, "detected", declaredLabel, giveUpAt);
            if (d != null) {
                best = d;
                if (d.malformed() == 0) {
                    break;
                }
            }
        }
        return best;
    }

    /**
     * What {@link #detect} would give for undeclared bytes, found without the detector when no other charset it could
     * name reads them as well as GB18030 (the usual case of an undeclared Chinese page): GB18030 goes before every
     * guess the detector is unsure of, and a guess it is sure of goes first only to read with fewer errors or as
     * few, so its ranking cannot matter. Null when another charset rivals GB18030 and the detector must rank them.
     */
    private static Decoded unrivalledGb18030(byte[] body, String declaredLabel) {
        Decoded gb = strict(body, 0, GB18030, "detected", declaredLabel);
        return anyReadsWithFewerErrors(body, gb.malformed() + 1, GB18030) ? null : gb;
    }

    /**
     * Whether a charset {@link #detect} could choose, other than {@code except} (may be null), reads the bytes with
     * fewer than {@code errors} errors. A wrong charset fails within a few hundred bytes.
     */
    private static boolean anyReadsWithFewerErrors(byte[] body, int errors, Charset except) {
        boolean escapes = hasEscape(body);
        CharBuffer scratch = CharBuffer.allocate(8192);
        for (Charset cs : POSSIBLE_CANDIDATES) {
            if (!cs.equals(except) && (escapes || !isIso2022(cs))
                    && countErrors(body, 0, cs, scratch.clear(), false, errors).errors() < errors) {
                return true;
            }
        }
        return false;
    }

    /**
     * ISO-2022 text switches its character sets with escape sequences; bytes without an ESC are not ISO-2022 text
     * (the JDK's ISO-2022-KR and -CN decoders nonetheless read any bytes without error, so such a guess would win).
     */
    private static boolean isIso2022(Charset cs) {
        return cs.name().startsWith("ISO-2022");
    }

    private static boolean hasEscape(byte[] body) {
        for (byte b : body) {
            if (b == 0x1B) {
                return true;
            }
        }
        return false;
    }

    private static CharsetMatch[] icu(byte[] bytes) {
        CharsetDetector detector = new CharsetDetector();
        for (String name : UNUSABLE_GUESSES) {
            detector.setDetectableCharset(name, false);
        }
        detector.setText(bytes);
        try {
            return detector.detectAll();
        } catch (RuntimeException e) {
            return new CharsetMatch[0];
        }
    }

    private static Set<Charset> possibleCandidates() {
        Set<Charset> all = new LinkedHashSet<>();
        all.add(GB18030);
        all.add(StandardCharsets.UTF_8);
        for (String name : new CharsetDetector().getDetectableCharsets()) {
            Charset cs = forLabel(name);
            if (usable(cs)) {
                all.add(cs);
            }
        }
        return all;
    }

    /**
     * Whether an ICU guess can become a candidate: a multi-byte charset the JDK has, not UTF-16/32. Single-byte
     * guesses read any bytes without error, so they would always "win"; Chinese pages are not Latin-1, and a page
     * that really is would have passed as UTF-8 or declared itself. UTF-16/32 without a byte order mark is not
     * something web pages are; ICU offers it for odd bytes.
     */
    private static boolean usable(Charset cs) {
        return cs != null && !isSingleByte(cs) && !cs.name().startsWith("UTF-16") && !cs.name().startsWith("UTF-32");
    }

    private static boolean isSingleByte(Charset cs) {
        // a decode-only charset (ISO-2022-CN) has no encoder to ask; it is not a single-byte one
        return cs.canEncode() && cs.newEncoder().maxBytesPerChar() <= 1.0f;
    }

    /**
     * Decodes, dropping and counting malformed or unmappable sequences instead of inventing U+FFFD. Most pages decode
     * cleanly, so the JDK's fast decoding (which puts U+FFFD where bytes are bad) is tried first: without a U+FFFD
     * in its result it had nothing to replace and equals the strict decoding, which then need not run.
     */
    static Decoded strict(byte[] body, int offset, Charset charset, String source, String declared) {
        return strict(body, offset, charset, source, declared, Integer.MAX_VALUE);
    }

    /** {@link #strict}, or null once {@code giveUpAt} errors are counted (at least 1). */
    private static Decoded strict(byte[] body, int offset, Charset charset, String source, String declared,
            int giveUpAt) {
        String fast = new String(body, offset, body.length - offset, charset);
        if (fast.indexOf('\uFFFD') < 0) {
            return new Decoded(fast, charset, source, declared, 0);
        }
        return counted(body, offset, charset, source, declared, giveUpAt);
    }

    /** The strict decoding itself, for bytes that have bad sequences or a real U+FFFD. */
    static Decoded counted(byte[] body, int offset, Charset charset, String source, String declared) {
        return counted(body, offset, charset, source, declared, Integer.MAX_VALUE);
    }

    private static Decoded counted(byte[] body, int offset, Charset charset, String source, String declared,
            int giveUpAt) {
        CharBuffer out = CharBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8,
                (long) (body.length * (double) charset.newDecoder().maxCharsPerByte()) + 16));
        Counted counted = countErrors(body, offset, charset, out, true, giveUpAt);
        if (counted.errors() >= giveUpAt) {
            return null;
        }
        return new Decoded(counted.out().flip().toString(), charset, source, declared, counted.errors());
    }

    /** A decoding's output buffer and the malformed or unmappable sequences it met. */
    private record Counted(CharBuffer out, int errors) {
    }

    /**
     * Decodes into {@code out}, growing it when {@code keep}, else reusing it (only the count is wanted), and counts
     * the malformed or unmappable sequences met, stopping at {@code giveUpAt}.
     */
    private static Counted countErrors(byte[] body, int offset, Charset charset, CharBuffer out, boolean keep,
            int giveUpAt) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, offset, body.length - offset);
        int errors = 0;
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                break;
            }
            if (r.isError()) {
                if (++errors >= giveUpAt) {
                    return new Counted(out, errors);
                }
                in.position(in.position() + r.length());
                continue;
            }
            if (r.isOverflow() && keep) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
                out.flip();
                bigger.put(out);
                out = bigger;
            } else if (r.isOverflow()) {
                out.clear();
            }
        }
        decoder.flush(out);
        return new Counted(out, errors);
    }

    private static String declaredInDocument(byte[] body) {
        String head = new String(body, 0, Math.min(body.length, PRESCAN_BYTES), StandardCharsets.ISO_8859_1);
        Matcher xml = XML_ENCODING.matcher(head);
        if (xml.find() && forLabel(xml.group(1)) != null) {
            return xml.group(1);
        }
        Matcher meta = META_CHARSET.matcher(head);
        List<String> labels = new ArrayList<>();
        while (meta.find()) {
            labels.add(meta.group(1));
        }
        return labels.stream().filter(l -> forLabel(l) != null).findFirst().orElse(null);
    }

    /** The charset for a label as pages write it, or null when the label is unknown (then the next source decides). */
    public static Charset forLabel(String label) {
        if (label == null) {
            return null;
        }
        String l = label.trim().toLowerCase(Locale.ROOT);
        if (l.isEmpty()) {
            return null;
        }
        if (GB_LABELS.contains(l)) {
            return GB18030;
        }
        if (l.equals("utf8") || l.equals("unicode-1-1-utf-8")) {
            return StandardCharsets.UTF_8;
        }
        if (l.equals("big5") || l.equals("big5-hkscs") || l.equals("cn-big5") || l.equals("x-x-big5")) {
            return Charset.forName("Big5-HKSCS");
        }
        if (l.equals("iso-8859-1") || l.equals("latin1") || l.equals("us-ascii") || l.equals("ascii")) {
            // as browsers do (WHATWG Encoding): these labels mean windows-1252
            return Charset.forName("windows-1252");
        }
        try {
            return Charset.isSupported(l) ? Charset.forName(l) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] body, int... prefix) {
        if (body.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((body[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
