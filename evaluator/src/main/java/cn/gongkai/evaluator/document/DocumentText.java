package cn.gongkai.evaluator.document;

/**
 * What could be read from one document.
 *
 * @param detectedType the media type Tika detected from the bytes (the declared type and the file name are hints only)
 * @param text         the text read, possibly partial; empty, never null
 * @param truncated    true when the text stopped at the write limit or the time limit
 * @param status       whether the text can be trusted as the document's text
 * @param problem      what went wrong, in Chinese, for the evaluator; null when nothing did
 */
public record DocumentText(String detectedType, String text, boolean truncated, Status status, String problem) {

    public enum Status {
        /** Text was read (perhaps truncated: see {@link #truncated()}). */
        OK,
        /** The document parsed but holds no text: usually a scanned image, and OCR is deliberately off. */
        NO_TEXT,
        /** Password-protected: nobody outside the unit can read it, which is itself worth reporting. */
        ENCRYPTED,
        /** Damaged, cut off, or not what it claims to be. */
        CORRUPT,
        /** A type the platform does not read. */
        UNSUPPORTED,
        /** Parsing took longer than the time limit; any text is partial. */
        TIMEOUT,
        /** Refused by a safety limit, e.g. a compression ratio only a zip bomb has. */
        REFUSED
    }

    public DocumentText {
        text = text == null ? "" : text;
    }

    /** True when the text is the document's text, complete or cut at the write limit. */
    public boolean readable() {
        return status == Status.OK;
    }
}
