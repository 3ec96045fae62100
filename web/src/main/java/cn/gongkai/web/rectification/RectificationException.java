package cn.gongkai.web.rectification;

/** A refused 整改 step, in Chinese, shown on the page it came from; nothing was stored. */
public class RectificationException extends RuntimeException {

    public RectificationException(String message) {
        super(message);
    }
}
