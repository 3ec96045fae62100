-- Availability probes (issue 3): spaced visits of each site's homepage, the evidence of the "site unreachable"
-- veto (at least 20 a day over a week; a visit that fails or takes over 15 s counts as unreachable).
CREATE TABLE probe (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id    BIGINT        NOT NULL,
  channel_id  BIGINT        NOT NULL,
  url         VARCHAR(2048) NOT NULL,
  probed_at   DATETIME(3)   NOT NULL,
  status      VARCHAR(16)   NOT NULL COMMENT 'OK | HTTP_ERROR | FAILED',
  http_status INT           NULL,
  elapsed_ms  INT           NOT NULL COMMENT 'until the whole homepage was read, or until the failure',
  bytes       BIGINT        NULL,
  error       VARCHAR(1000) NULL,
  CONSTRAINT fk_probe_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_probe_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_probe_channel ON probe (round_id, channel_id, probed_at);
