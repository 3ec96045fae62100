-- 整改 (rectification) after a round is published (issue 17): each point a unit lost marks on (or that put it on the
-- negative list) in the published snapshot becomes an item; the unit answers with text and evidence files, the
-- evaluator re-captures the item's URLs and closes or reopens it. Every step is also in the audit log.

-- The round's deadline for answers, one row per round, written when the items are created (default: 30 days after
-- publication) and changed by evaluators (audited).
CREATE TABLE rectification_round (
  round_id    BIGINT        NOT NULL PRIMARY KEY,
  deadline    DATE          NOT NULL,
  updated_at  DATETIME(3)   NOT NULL,
  updated_by  VARCHAR(100)  NOT NULL,
  CONSTRAINT fk_rectification_round FOREIGN KEY (round_id) REFERENCES assessment_round (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE rectification_item (
  id           BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id     BIGINT         NOT NULL,
  unit_id      BIGINT         NOT NULL,
  point_id     BIGINT         NOT NULL,
  score        DECIMAL(8,3)   NULL,
  max_score    DECIMAL(8,3)   NOT NULL,
  problem      VARCHAR(2000)  NOT NULL COMMENT 'why marks were lost: the finding, the entry or the veto reason',
  status       VARCHAR(16)    NOT NULL COMMENT 'OPEN | ANSWERED | CLOSED | REOPENED',
  created_at   DATETIME(3)    NOT NULL,
  CONSTRAINT uk_rectification_item UNIQUE (round_id, unit_id, point_id),
  CONSTRAINT fk_rectification_item_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_rectification_item_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_rectification_item_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_rectification_item_unit ON rectification_item (unit_id, round_id);

-- The unit's answers: what it changed, where to see it; files live in the evidence file store by SHA-256.
CREATE TABLE rectification_answer (
  id           BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id      BIGINT         NOT NULL,
  text         VARCHAR(4000)  NOT NULL,
  url          VARCHAR(2048)  NULL,
  answered_by  BIGINT         NOT NULL,
  answered_at  DATETIME(3)    NOT NULL,
  CONSTRAINT fk_rectification_answer_item FOREIGN KEY (item_id) REFERENCES rectification_item (id),
  CONSTRAINT fk_rectification_answer_user FOREIGN KEY (answered_by) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_rectification_answer_item ON rectification_answer (item_id);

CREATE TABLE rectification_file (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  answer_id     BIGINT        NOT NULL,
  file_name     VARCHAR(255)  NOT NULL,
  content_type  VARCHAR(100)  NOT NULL COMMENT 'as sniffed from the bytes',
  size_bytes    BIGINT        NOT NULL,
  sha256        CHAR(64)      NOT NULL,
  uploaded_at   DATETIME(3)   NOT NULL,
  CONSTRAINT fk_rectification_file_answer FOREIGN KEY (answer_id) REFERENCES rectification_answer (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_rectification_file_answer ON rectification_file (answer_id);

-- The evaluator's re-captures of the item's URLs (WARC evidence like any capture).
CREATE TABLE rectification_recapture (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id       BIGINT       NOT NULL,
  capture_id    BIGINT       NOT NULL,
  requested_by  BIGINT       NOT NULL,
  requested_at  DATETIME(3)  NOT NULL,
  CONSTRAINT fk_rectification_recapture_item FOREIGN KEY (item_id) REFERENCES rectification_item (id),
  CONSTRAINT fk_rectification_recapture_capture FOREIGN KEY (capture_id) REFERENCES capture (id),
  CONSTRAINT fk_rectification_recapture_user FOREIGN KEY (requested_by) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_rectification_recapture_item ON rectification_recapture (item_id);

-- Each close or reopen, with its reason.
CREATE TABLE rectification_decision (
  id          BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
  item_id     BIGINT         NOT NULL,
  decision    VARCHAR(16)    NOT NULL COMMENT 'CLOSE | REOPEN',
  reason      VARCHAR(2000)  NOT NULL,
  decided_by  BIGINT         NOT NULL,
  decided_at  DATETIME(3)    NOT NULL,
  CONSTRAINT fk_rectification_decision_item FOREIGN KEY (item_id) REFERENCES rectification_item (id),
  CONSTRAINT fk_rectification_decision_user FOREIGN KEY (decided_by) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_rectification_decision_item ON rectification_decision (item_id);
