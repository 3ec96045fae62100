package cn.gongkai.crawler.warc;

/**
 * Where a response record lies: the file name relative to the WARC directory, the offset and length of the
 * (compressed) record, and the payload digest exactly as written in its {@code WARC-Payload-Digest} header.
 */
public record WarcLocation(String warcFile, long offset, long length, String payloadDigest, long payloadLength) {
}
