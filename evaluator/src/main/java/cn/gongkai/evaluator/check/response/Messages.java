package cn.gongkai.evaluator.check.response;

import cn.gongkai.evaluator.check.Captures.MessageItem;
import cn.gongkai.evaluator.check.CheckContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The messages of a unit's message boards (领导信箱、咨询投诉) as extraction recorded them, each once. */
record Messages(List<Message> all) {

    /** One message: when it was asked, whether and when it was answered, and where it was seen. */
    record Message(long captureId, String title, LocalDate askedAt, LocalDate repliedAt, String status) {

        boolean answered() {
            return repliedAt != null || "ANSWERED".equals(status);
        }

        String describe() {
            return "《" + title + "》留言于 " + askedAt + (repliedAt != null ? "，回复于 " + repliedAt : "，未回复");
        }
    }

    /** The latest sighting of each message wins: a later capture may show the reply. */
    static Messages of(CheckContext context) {
        Map<String, Message> byKey = new LinkedHashMap<>();
        for (MessageItem item : context.captures().messagesOfChannel(context.roundId(), context.channelId())) {
            // A message without a title cannot be told apart from the others (a detail page repeating a list entry).
            if (item.askedAt() == null || item.title() == null || item.title().isBlank()) {
                continue;
            }
            String key = (item.url() != null ? item.url() : item.title()) + "|" + item.askedAt();
            byKey.put(key, new Message(item.captureId(), item.title(), item.askedAt(), item.repliedAt(),
                    item.status()));
        }
        return new Messages(new ArrayList<>(byKey.values()));
    }

    /** Messages asked within the lookback window (the round's period unless the point sets lookbackMonths). */
    List<Message> askedWithin(CheckContext.Window window) {
        return all.stream().filter(m -> window.contains(m.askedAt())).toList();
    }

}
