package cn.gongkai.scoring.publish;

/** Publishing was refused; the message says why and what to do, in Chinese, for the evaluator. */
public class PublicationRefusedException extends IllegalStateException {

    public PublicationRefusedException(String message) {
        super(message);
    }
}
