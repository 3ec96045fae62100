package cn.gongkai.web.appeal;

/** An appeal that cannot be filed or decided; the message says why, in Chinese. */
public class AppealException extends RuntimeException {

    public AppealException(String message) {
        super(message);
    }
}
