package cn.gongkai.web.capture;

import cn.gongkai.crawler.AvailabilityProber;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CaptureConfiguration {

    @Bean
    AvailabilityProber availabilityProber(DSLContext dsl) {
        return new AvailabilityProber(dsl);
    }
}
