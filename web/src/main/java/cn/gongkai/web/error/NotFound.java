package cn.gongkai.web.error;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * An id in a request (its path or its form) that names no record, or none where the request says: answered 404 with
 * the Chinese error page (or the API's JSON) showing {@code reason}. Not a message on the page the form came from,
 * since no page of ours offers an id that does not exist; and never a 500.
 */
public class NotFound extends ResponseStatusException {

    /** {@code reason}: what was not found, in Chinese, e.g. "申诉不存在：99999". */
    public NotFound(String reason) {
        super(HttpStatus.NOT_FOUND, reason);
    }
}
