package cn.gongkai.crawler.warc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds and cuts off torn WARC tails: a process killed while appending leaves a half-written record at the end of
 * its file. Such a record was never indexed (a capture row is written only after its record is forced to disk), so
 * cutting it loses no evidence; its bytes are kept beside the file ({@code .torn-<offset>}) for whoever asks, and the
 * file reads cleanly to the end again.
 */
public final class TornTails {

    /** A torn tail that was cut: the file now ends at {@code validLength}; the cut bytes are in {@code savedTo}. */
    public record TornTail(String warcFile, long validLength, long tornBytes, Path savedTo) {
    }

    private TornTails() {
    }

    /**
     * Where the complete records of a gzipped WARC file end if an incomplete one follows, else empty. Each record is
     * a gzip member of its own, so the file is walked member by member: a member whose deflate stream or trailer
     * (CRC-32, length) is cut off or does not check out is where the torn tail begins.
     */
    public static Optional<Long> tornAt(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long pos = 0;
            while (pos < size) {
                long end = memberEnd(channel, pos, size);
                if (end < 0) {
                    return Optional.of(pos);
                }
                pos = end;
            }
            return Optional.empty();
        }
    }

    /** The end of the gzip member starting at {@code start}, or -1 when it is incomplete or damaged. */
    private static long memberEnd(FileChannel channel, long start, long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(10);
        if (channel.read(header, start) < 10) {
            return -1;
        }
        header.flip();
        if ((header.get(0) & 0xFF) != 0x1F || (header.get(1) & 0xFF) != 0x8B || header.get(2) != 8) {
            return -1;
        }
        int flags = header.get(3) & 0xFF;
        long pos = start + 10;
        if ((flags & 4) != 0) { // FEXTRA
            ByteBuffer len = ByteBuffer.allocate(2);
            if (channel.read(len, pos) < 2) {
                return -1;
            }
            pos += 2 + ((len.get(0) & 0xFF) | (len.get(1) & 0xFF) << 8);
        }
        for (int bit : new int[] {8, 16}) { // FNAME, FCOMMENT: zero-terminated
            if ((flags & bit) != 0) {
                ByteBuffer one = ByteBuffer.allocate(1);
                do {
                    one.clear();
                    if (channel.read(one, pos++) < 1) {
                        return -1;
                    }
                } while (one.get(0) != 0);
            }
        }
        if ((flags & 2) != 0) { // FHCRC
            pos += 2;
        }
        Inflater inflater = new Inflater(true);
        CRC32 crc = new CRC32();
        long inflated = 0;
        try {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            byte[] out = new byte[64 * 1024];
            long fed = pos;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    in.clear();
                    int n = channel.read(in, fed);
                    if (n <= 0) {
                        return -1;
                    }
                    fed += n;
                    inflater.setInput(in.array(), 0, n);
                }
                int n = inflater.inflate(out);
                crc.update(out, 0, n);
                inflated += n;
                if (n == 0 && inflater.needsDictionary()) {
                    return -1;
                }
            }
            long trailer = fed - inflater.getRemaining();
            ByteBuffer t = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (channel.read(t, trailer) < 8) {
                return -1;
            }
            t.flip();
            long storedCrc = t.getInt() & 0xFFFFFFFFL;
            long storedSize = t.getInt() & 0xFFFFFFFFL;
            if (storedCrc != crc.getValue() || storedSize != (inflated & 0xFFFFFFFFL)) {
                return -1;
            }
            return trailer + 8;
        } catch (DataFormatException e) {
            return -1;
        } finally {
            inflater.end();
        }
    }

    /** The round's WARC files in the directory. */
    public static List<Path> files(Path directory, long roundId) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "gongkai-" + roundId + "-*.warc.gz")) {
            files.forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException("无法列出 WARC 文件：" + directory, e);
        }
        out.sort(null);
        return out;
    }

    /** Cuts the file at {@code validLength}, keeping the cut bytes beside it. */
    public static TornTail cut(Path file, long validLength) throws IOException {
        long size = Files.size(file);
        Path saved = file.resolveSibling(file.getFileName() + ".torn-" + validLength);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileChannel out = FileChannel.open(saved, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            long copied = 0;
            while (copied < size - validLength) {
                copied += channel.transferTo(validLength + copied, size - validLength - copied, out);
            }
            out.force(true);
            channel.truncate(validLength);
            channel.force(true);
        }
        return new TornTail(file.getFileName().toString(), validLength, size - validLength, saved);
    }
}
