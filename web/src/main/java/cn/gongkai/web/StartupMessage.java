package cn.gongkai.web;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells whoever started the platform where to open it. */
@Component
class StartupMessage {

    @EventListener
    void onWebServerReady(WebServerInitializedEvent event) {
        System.out.println();
        System.out.println("gongkai 已启动，请在浏览器中打开：http://127.0.0.1:" + event.getWebServer().getPort() + "/");
        System.out.println();
    }
}
