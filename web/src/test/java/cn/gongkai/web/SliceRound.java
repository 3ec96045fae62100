package cn.gongkai.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The small round the end-to-end tests walk through (one point on the sandbox's six demo sites): quick to capture,
 * so that a test of appeals, reviews or roles does not wait for the whole demo round's 139 points on every site.
 */
public final class SliceRound {

    private SliceRound() {
    }

    public static String yaml() throws IOException {
        try (InputStream in = SliceRound.class.getResourceAsStream("/slice-round.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
