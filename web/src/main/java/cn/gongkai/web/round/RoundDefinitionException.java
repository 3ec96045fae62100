package cn.gongkai.web.round;

/** A round definition that cannot be used; the message, in Chinese, says what to fix. */
public class RoundDefinitionException extends RuntimeException {

    public RoundDefinitionException(String message) {
        super(message);
    }

    public RoundDefinitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
