package cn.gongkai.web;

import cn.gongkai.crawler.Crawler;
import cn.gongkai.crawler.CrawlSettings;
import cn.gongkai.crawler.warc.EvidenceStore;
import cn.gongkai.evaluator.calendar.WorkingDayCalendar;
import cn.gongkai.evaluator.check.RoundChecker;
import cn.gongkai.scoring.GradingPolicy;
import cn.gongkai.scoring.RoundScorer;
import cn.gongkai.scoring.publish.Publisher;
import org.jooq.DSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plain-Java parts of the platform, assembled once. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GongkaiProperties.class)
class PlatformConfiguration {

    @Bean
    Crawler crawler(DSLContext dsl, GongkaiProperties properties) {
        return new Crawler(dsl, properties.warcDirectory(), CrawlSettings.defaults());
    }

    @Bean
    EvidenceStore evidenceStore(GongkaiProperties properties) {
        return new EvidenceStore(properties.warcDirectory());
    }

    /** The shipped years plus gongkai.home/calendar, read again before each check and after each upload. */
    @Bean
    WorkingDayCalendar workingDayCalendar(GongkaiProperties properties) {
        return WorkingDayCalendar.chinaWithYearsFrom(properties.home().resolve("calendar"));
    }

    @Bean
    RoundChecker roundChecker(DSLContext dsl, EvidenceStore evidenceStore, WorkingDayCalendar calendar) {
        return RoundChecker.withDefaultCheckers(dsl, evidenceStore, calendar);
    }

    @Bean
    Publisher publisher(DSLContext dsl) {
        return new Publisher(dsl);
    }

    @Bean
    RoundScorer roundScorer(DSLContext dsl) {
        return new RoundScorer(dsl, GradingPolicy.defaults());
    }
}
