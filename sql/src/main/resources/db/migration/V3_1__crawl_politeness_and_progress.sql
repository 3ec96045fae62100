-- Crawler politeness and robustness (issue 3): a round may override robots.txt only with a recorded reason;
-- hosts that block the crawler are paused with the reason; redirect chains are counted per frontier URL; each
-- channel's capture has a state of its own, so "could not capture" is never read as "nothing new".

ALTER TABLE assessment_round
  ADD COLUMN ignore_robots          BOOLEAN      NOT NULL DEFAULT FALSE,
  ADD COLUMN robots_override_reason VARCHAR(500) NULL COMMENT 'required when ignore_robots: who decided and why',
  ADD COLUMN capture_cron           VARCHAR(120) NULL COMMENT 'Quartz cron of the capture jobs of the round (China time)',
  ADD COLUMN probes_per_day         INT          NOT NULL DEFAULT 24 COMMENT 'availability probes per site and day';

ALTER TABLE frontier_url
  ADD COLUMN redirect_hops INT NOT NULL DEFAULT 0 COMMENT 'redirects that led to this URL from a seed or link';

-- A host that answered 403/429 or a captcha page is left alone for the rest of the crawl; its URLs stay queued.
CREATE TABLE host_pause (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id    BIGINT        NOT NULL,
  host        VARCHAR(300)  NOT NULL COMMENT 'host:port',
  reason      VARCHAR(1000) NOT NULL,
  http_status INT           NULL,
  capture_id  BIGINT        NULL COMMENT 'the response that made the crawler stop',
  paused_at   DATETIME(3)   NOT NULL,
  CONSTRAINT fk_host_pause_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_host_pause_capture FOREIGN KEY (capture_id) REFERENCES capture (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_host_pause_round ON host_pause (round_id, host);

-- The state of one channel's capture in a round: RUNNING, DONE, FAILED (with the reason, e.g. a dead WeChat bridge).
CREATE TABLE channel_capture (
  round_id    BIGINT        NOT NULL,
  channel_id  BIGINT        NOT NULL,
  status      VARCHAR(16)   NOT NULL COMMENT 'RUNNING | DONE | FAILED',
  reason      VARCHAR(1000) NULL,
  started_at  DATETIME(3)   NOT NULL,
  finished_at DATETIME(3)   NULL,
  PRIMARY KEY (round_id, channel_id),
  CONSTRAINT fk_channel_capture_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_channel_capture_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
