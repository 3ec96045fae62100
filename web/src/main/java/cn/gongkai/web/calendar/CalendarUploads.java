package cn.gongkai.web.calendar;

import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.web.audit.AuditTrail;
import cn.gongkai.web.input.TextInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * A new year's working-day calendar uploaded on the workbench: checked as strictly as a file placed under
 * gongkai.home/calendar (it becomes that file), never replacing a year already loaded unless the evaluator says so
 * with a reason, and recorded in the audit log with the file's SHA-256. The next check uses it, without a restart.
 */
@Service
public class CalendarUploads {

    /** The form's reason field holds this many characters. */
    static final int REASON_MAX = 500;

    /** A year's notice is a few kilobytes; anything far larger is not one. */
    static final int MAX_BYTES = 256 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WorkingDayCalendar calendar;
    private final DSLContext dsl;

    CalendarUploads(WorkingDayCalendar calendar, DSLContext dsl) {
        this.calendar = calendar;
        this.dsl = dsl;
    }

    public List<WorkingDayCalendar.Year> years() {
        return calendar.years();
    }

    /** What the evaluator is told after a successful upload. */
    public record Stored(int year, boolean replaced, WorkingDayCalendar.Year loaded) {
    }

    /**
     * Checks and stores one year. Refused (IllegalArgumentException with the reason in Chinese) when the file is not
     * a well-formed year, or names a year already loaded without {@code replace} and a reason; a refused file
     * leaves the calendar, the directory and the audit log as they were.
     */
    public Stored upload(String actor, String fileName, byte[] bytes, boolean replace, String reason) {
        Path directory = calendar.directory().orElseThrow(
                () -> new IllegalStateException("本实例的工作日历没有配置 gongkai.home 下的 calendar 目录，无法上传"));
        // The reason goes to the audit log: held to what every reason is, before the file is even read.
        TextInput.name(reason == null ? null : reason.strip(), "原因", REASON_MAX);
        String label = "「" + (fileName == null || fileName.isBlank() ? "上传的文件" : fileName.strip()) + "」";
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("请选择要上传的工作日历文件（holiday-cn 格式的 JSON，例如 2027.json）");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("工作日历文件 " + label + " 未载入：文件大小 " + bytes.length
                    + " 字节，超过上限 " + MAX_BYTES + " 字节；一年的放假安排只有几千字节");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("工作日历文件 " + label + " 未载入：文件须为 UTF-8 编码的 JSON");
        }
        WorkingDayCalendar.Year year = WorkingDayCalendar.checkYearFile(label, json);
        String why = reason == null ? "" : reason.strip();
        var existing = calendar.year(year.year());
        if (existing.isPresent() && !replace) {
            throw new IllegalArgumentException(year.year() + " 年的工作日历已经载入（来源：" + existing.get().source()
                    + "；放假 " + existing.get().holidays() + " 天，调休上班 " + existing.get().adjustedWorkingDays()
                    + " 天），本次上传未保存。如确需以新文件替换，请勾选“替换已载入的同一年”并填写原因后重新上传");
        }
        if (existing.isPresent() && why.isEmpty()) {
            throw new IllegalArgumentException("替换已载入的 " + year.year() + " 年工作日历须填写原因（例如国务院办公厅发布了补充通知）");
        }
        Path target = directory.resolve(year.year() + ".json");
        String sha256 = sha256(bytes);
        dsl.transaction(tx -> {
            AuditTrail.record(tx.dsl(), actor, existing.isPresent() ? "CALENDAR_REPLACE" : "CALENDAR_UPLOAD",
                    "working_day_calendar", String.valueOf(year.year()),
                    existing.map(CalendarUploads::describe).orElse(null),
                    describe(new WorkingDayCalendar.Year(year.year(), target.toString(), year.days()), fileName,
                            sha256),
                    why.isEmpty() ? null : why);
            // Written last, inside the transaction: if the file cannot be put in place, the audit entry goes too.
            write(directory, target, bytes);
        });
        try {
            calendar.reload();
        } catch (RuntimeException e) {
            // Another file in the directory (placed by hand) cannot be read; the uploaded year is in place and will
            // be used once that file is fixed, and every check needing a refused year says so.
            throw new IllegalStateException(year.year() + " 年的工作日历已保存为 " + target + "，但目录中另有文件无法载入，"
                    + "改正或移走该文件前日历不会更新：" + e.getMessage(), e);
        }
        return new Stored(year.year(), existing.isPresent(), calendar.year(year.year()).orElseThrow());
    }

    private static void write(Path directory, Path target, byte[] bytes) {
        try {
            Files.createDirectories(directory);
            // A temporary file moved into place, so a reader never sees half a year.
            Path temporary = Files.createTempFile(directory, ".upload-", ".tmp");
            try {
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("无法写入工作日历文件 " + target + "：" + e.getMessage(), e);
        }
    }

    private static String describe(WorkingDayCalendar.Year year) {
        return describe(year, null, null);
    }

    private static String describe(WorkingDayCalendar.Year year, String fileName, String sha256) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("year", year.year());
        json.put("source", year.source());
        json.put("holidays", year.holidays());
        json.put("adjustedWorkingDays", year.adjustedWorkingDays());
        if (fileName != null) {
            json.put("uploadedFile", fileName);
        }
        if (sha256 != null) {
            json.put("sha256", sha256);
        }
        return JSON.writeValueAsString(json);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
