package cn.gongkai.web.evidence;

/** An uploaded file that is refused; the message says why, in Chinese. */
public class EvidenceFileException extends RuntimeException {

    public EvidenceFileException(String message) {
        super(message);
    }
}
