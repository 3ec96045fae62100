-- gongkai core schema. One set of migrations for MySQL 8 (production) and MariaDB (embedded default).
-- Times are stored in UTC as DATETIME(3); JSON payloads as TEXT so both servers read them alike.

CREATE TABLE unit_group (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(200) NOT NULL,
  unit_type   VARCHAR(32)  NOT NULL COMMENT 'COUNTY_GOVERNMENT | DEPARTMENT | TOWNSHIP',
  CONSTRAINT uk_unit_group_code UNIQUE (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE unit (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(200) NOT NULL,
  unit_type   VARCHAR(32)  NOT NULL COMMENT 'COUNTY_GOVERNMENT | DEPARTMENT | TOWNSHIP',
  CONSTRAINT uk_unit_code UNIQUE (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE channel (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  unit_id     BIGINT        NOT NULL,
  kind        VARCHAR(16)   NOT NULL COMMENT 'WEBSITE | WECHAT',
  name        VARCHAR(200)  NOT NULL,
  url         VARCHAR(2048) NOT NULL COMMENT 'homepage of a website, article or profile URL of a WeChat account',
  feed_url    VARCHAR(2048) NULL     COMMENT 'RSS/Atom/JSON Feed bridge of a WeChat account',
  CONSTRAINT fk_channel_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE channel_column (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  channel_id   BIGINT        NOT NULL,
  name         VARCHAR(200)  NOT NULL,
  url          VARCHAR(2048) NOT NULL,
  column_type  VARCHAR(32)   NOT NULL COMMENT 'NEWS | NOTICE | POLICY | INTERPRETATION | DISCLOSURE | INTERACTION | OTHER',
  CONSTRAINT fk_column_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Indicator systems are versioned: a round points at one version and never sees later edits.
CREATE TABLE indicator_system (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code        VARCHAR(64)  NOT NULL,
  version     INT          NOT NULL,
  name        VARCHAR(200) NOT NULL,
  created_at  DATETIME(3)  NOT NULL,
  CONSTRAINT uk_indicator_system UNIQUE (code, version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE indicator_area (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  system_id   BIGINT       NOT NULL,
  code        VARCHAR(64)  NOT NULL,
  name        VARCHAR(200) NOT NULL,
  ordinal     INT          NOT NULL,
  CONSTRAINT uk_indicator_area UNIQUE (system_id, code),
  CONSTRAINT fk_area_system FOREIGN KEY (system_id) REFERENCES indicator_system (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE indicator (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  area_id     BIGINT        NOT NULL,
  code        VARCHAR(64)   NOT NULL,
  name        VARCHAR(200)  NOT NULL,
  max_score   DECIMAL(8,3)  NOT NULL,
  ordinal     INT           NOT NULL,
  CONSTRAINT uk_indicator UNIQUE (area_id, code),
  CONSTRAINT fk_indicator_area FOREIGN KEY (area_id) REFERENCES indicator_area (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE evaluation_point (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  indicator_id   BIGINT        NOT NULL,
  code           VARCHAR(64)   NOT NULL,
  text           VARCHAR(1000) NOT NULL COMMENT 'the point as an evaluator writes it, in Chinese',
  max_score      DECIMAL(8,3)  NOT NULL,
  scoring_rule   VARCHAR(32)   NOT NULL COMMENT 'BINARY | GRADED | PROPORTIONAL | DEDUCTION',
  rule_params    TEXT          NULL     COMMENT 'JSON: levels of a graded rule, deduction per violation and cap',
  method         VARCHAR(16)   NOT NULL COMMENT 'AUTO | ASSISTED | MANUAL | DEPARTMENT',
  checker_type   VARCHAR(64)   NULL,
  checker_params TEXT          NULL     COMMENT 'JSON: thresholds such as days, months, working days',
  veto           BOOLEAN       NOT NULL DEFAULT FALSE,
  veto_reason    VARCHAR(500)  NULL,
  applies_to     VARCHAR(200)  NOT NULL COMMENT 'comma-separated unit types',
  bonus          BOOLEAN       NOT NULL DEFAULT FALSE,
  how_to_fix     VARCHAR(1000) NULL,
  ordinal        INT           NOT NULL,
  CONSTRAINT uk_point UNIQUE (indicator_id, code),
  CONSTRAINT fk_point_indicator FOREIGN KEY (indicator_id) REFERENCES indicator (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE assessment_round (
  id                      BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name                    VARCHAR(200)  NOT NULL,
  period_start            DATE          NOT NULL,
  period_end              DATE          NOT NULL,
  reference_date          DATE          NOT NULL COMMENT 'the day the round checks against (检查日)',
  indicator_system_id     BIGINT        NOT NULL,
  status                  VARCHAR(16)   NOT NULL COMMENT 'DRAFT | CAPTURING | REVIEWING | FEEDBACK | FINAL',
  allow_private_addresses BOOLEAN       NOT NULL DEFAULT FALSE,
  crawl_delay_ms          INT           NOT NULL DEFAULT 1000,
  config_yaml             MEDIUMTEXT    NOT NULL COMMENT 'the round definition as given, kept for provenance',
  created_at              DATETIME(3)   NOT NULL,
  CONSTRAINT fk_round_system FOREIGN KEY (indicator_system_id) REFERENCES indicator_system (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Units take part in a round within one group; groups may differ from round to round.
CREATE TABLE round_unit (
  round_id    BIGINT NOT NULL,
  unit_id     BIGINT NOT NULL,
  group_id    BIGINT NOT NULL,
  PRIMARY KEY (round_id, unit_id),
  CONSTRAINT fk_round_unit_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_round_unit_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_round_unit_group FOREIGN KEY (group_id) REFERENCES unit_group (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The channels a round captures: a unit's channels change between rounds, and a round keeps its own list.
CREATE TABLE round_channel (
  round_id    BIGINT NOT NULL,
  channel_id  BIGINT NOT NULL,
  PRIMARY KEY (round_id, channel_id),
  CONSTRAINT fk_round_channel_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_round_channel_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE round_point (
  round_id    BIGINT NOT NULL,
  point_id    BIGINT NOT NULL,
  PRIMARY KEY (round_id, point_id),
  CONSTRAINT fk_round_point_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_round_point_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The crawl frontier lives in the database so that a killed crawl resumes where it stopped.
CREATE TABLE frontier_url (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id      BIGINT        NOT NULL,
  channel_id    BIGINT        NOT NULL,
  url           VARCHAR(2048) NOT NULL,
  url_hash      CHAR(64)      NOT NULL COMMENT 'SHA-256 of the normalised URL',
  depth         INT           NOT NULL,
  status        VARCHAR(16)   NOT NULL COMMENT 'QUEUED | DONE | FAILED | SKIPPED',
  attempts      INT           NOT NULL DEFAULT 0,
  reason        VARCHAR(500)  NULL,
  discovered_at DATETIME(3)   NOT NULL,
  CONSTRAINT uk_frontier UNIQUE (round_id, channel_id, url_hash),
  CONSTRAINT fk_frontier_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_frontier_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_frontier_status ON frontier_url (round_id, status);

-- A capture is one fetch written to WARC; its row is inserted only after the record is on disk.
CREATE TABLE capture (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id       BIGINT        NOT NULL,
  channel_id     BIGINT        NOT NULL,
  url            VARCHAR(2048) NOT NULL,
  url_hash       CHAR(64)      NOT NULL,
  captured_at    DATETIME(3)   NOT NULL,
  status         VARCHAR(16)   NOT NULL COMMENT 'OK | HTTP_ERROR | FAILED',
  http_status    INT           NULL,
  content_type   VARCHAR(200)  NULL,
  warc_file      VARCHAR(500)  NULL,
  warc_offset    BIGINT        NULL,
  warc_length    BIGINT        NULL,
  payload_digest VARCHAR(100)  NULL COMMENT 'WARC-Payload-Digest, e.g. sha256:BASE32',
  payload_length BIGINT        NULL,
  server_ip      VARCHAR(64)   NULL,
  elapsed_ms     INT           NULL,
  error          VARCHAR(1000) NULL,
  CONSTRAINT fk_capture_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_capture_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_capture_channel ON capture (round_id, channel_id);
CREATE INDEX ix_capture_url ON capture (round_id, url_hash);

-- What extraction read from a capture: list items, article dates, messages, links, attachments.
CREATE TABLE extracted_item (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  capture_id   BIGINT        NOT NULL,
  kind         VARCHAR(16)   NOT NULL COMMENT 'LIST_ITEM | ARTICLE | MESSAGE | ATTACHMENT',
  title        VARCHAR(1000) NULL,
  url          VARCHAR(2048) NULL,
  pub_date     DATE          NULL,
  excerpt      VARCHAR(1000) NULL,
  CONSTRAINT fk_item_capture FOREIGN KEY (capture_id) REFERENCES capture (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_item_capture ON extracted_item (capture_id);

CREATE TABLE finding (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id       BIGINT        NOT NULL,
  unit_id        BIGINT        NOT NULL,
  point_id       BIGINT        NOT NULL,
  channel_id     BIGINT        NULL,
  status         VARCHAR(16)   NOT NULL COMMENT 'PASS | FAIL | PARTIAL | UNCERTAIN | NOT_APPLICABLE | NOT_ASSESSABLE',
  score_fraction DECIMAL(6,5)  NULL,
  measured_value VARCHAR(200)  NULL,
  message        VARCHAR(2000) NOT NULL,
  checked_at     DATETIME(3)   NOT NULL,
  CONSTRAINT uk_finding UNIQUE (round_id, unit_id, point_id),
  CONSTRAINT fk_finding_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_finding_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_finding_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE finding_evidence (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  finding_id  BIGINT        NOT NULL,
  capture_id  BIGINT        NOT NULL,
  excerpt     VARCHAR(1000) NULL,
  CONSTRAINT fk_evidence_finding FOREIGN KEY (finding_id) REFERENCES finding (id) ON DELETE CASCADE,
  CONSTRAINT fk_evidence_capture FOREIGN KEY (capture_id) REFERENCES capture (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE app_user (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  username      VARCHAR(100) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  display_name  VARCHAR(200) NOT NULL,
  unit_id       BIGINT       NULL COMMENT 'the one unit a COUNTY account may read',
  enabled       BOOLEAN      NOT NULL DEFAULT TRUE,
  created_at    DATETIME(3)  NOT NULL,
  CONSTRAINT uk_user_name UNIQUE (username),
  CONSTRAINT fk_user_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE user_role (
  user_id  BIGINT      NOT NULL,
  role     VARCHAR(32) NOT NULL COMMENT 'EVALUATOR | LEADER | COUNTY | DEPARTMENT_SCORER',
  PRIMARY KEY (user_id, role),
  CONSTRAINT fk_role_user FOREIGN KEY (user_id) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE review (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  finding_id      BIGINT        NOT NULL,
  reviewer_id     BIGINT        NOT NULL,
  kind            VARCHAR(16)   NOT NULL COMMENT 'FIRST | SECOND | APPEAL',
  decision        VARCHAR(16)   NOT NULL COMMENT 'CONFIRM | OVERRIDE',
  status          VARCHAR(16)   NULL,
  score_fraction  DECIMAL(6,5)  NULL,
  reason          VARCHAR(2000) NULL,
  reviewed_at     DATETIME(3)   NOT NULL,
  CONSTRAINT fk_review_finding FOREIGN KEY (finding_id) REFERENCES finding (id),
  CONSTRAINT fk_review_user FOREIGN KEY (reviewer_id) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Scores by point: from findings, reviews, manual entry or the supervising department.
CREATE TABLE point_score (
  round_id    BIGINT       NOT NULL,
  unit_id     BIGINT       NOT NULL,
  point_id    BIGINT       NOT NULL,
  score       DECIMAL(8,3) NULL COMMENT 'NULL when the point does not apply to the unit',
  max_score   DECIMAL(8,3) NOT NULL,
  source      VARCHAR(16)  NOT NULL COMMENT 'FINDING | REVIEW | MANUAL | DEPARTMENT',
  PRIMARY KEY (round_id, unit_id, point_id),
  CONSTRAINT fk_score_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_score_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_score_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE unit_result (
  round_id       BIGINT       NOT NULL,
  unit_id        BIGINT       NOT NULL,
  group_id       BIGINT       NOT NULL,
  total          DECIMAL(8,3) NOT NULL COMMENT 'out of 100 after rescaling for points that do not apply',
  raw_score      DECIMAL(8,3) NOT NULL,
  max_score      DECIMAL(8,3) NOT NULL,
  rank_in_group  INT          NOT NULL,
  grade          VARCHAR(16)  NOT NULL,
  negative_list  BOOLEAN      NOT NULL,
  computed_at    DATETIME(3)  NOT NULL,
  PRIMARY KEY (round_id, unit_id),
  CONSTRAINT fk_result_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_result_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_result_group FOREIGN KEY (group_id) REFERENCES unit_group (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE negative_list_entry (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id    BIGINT        NOT NULL,
  unit_id     BIGINT        NOT NULL,
  point_id    BIGINT        NOT NULL,
  finding_id  BIGINT        NOT NULL,
  reason      VARCHAR(1000) NOT NULL,
  CONSTRAINT fk_negative_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_negative_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_negative_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id),
  CONSTRAINT fk_negative_finding FOREIGN KEY (finding_id) REFERENCES finding (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Append-only: the application has no update or delete path for this table.
CREATE TABLE audit_log (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at           DATETIME(3)   NOT NULL,
  actor        VARCHAR(100)  NOT NULL,
  action       VARCHAR(64)   NOT NULL,
  entity       VARCHAR(64)   NOT NULL,
  entity_id    VARCHAR(64)   NULL,
  before_json  MEDIUMTEXT    NULL,
  after_json   MEDIUMTEXT    NULL,
  reason       VARCHAR(2000) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id);
