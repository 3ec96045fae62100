-- Appeals (申诉) filed by a unit during a round's feedback window, and the evaluator's decision on each.
CREATE TABLE appeal (
  id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id         BIGINT        NOT NULL,
  unit_id          BIGINT        NOT NULL,
  point_id         BIGINT        NOT NULL,
  finding_id       BIGINT        NULL,
  filed_by         BIGINT        NOT NULL,
  filed_at         DATETIME(3)   NOT NULL,
  text             VARCHAR(4000) NOT NULL,
  url              VARCHAR(2048) NULL COMMENT 'where the unit says the evaluator can see the fix or the missed item',
  status           VARCHAR(16)   NOT NULL COMMENT 'OPEN | ACCEPTED | REJECTED',
  decided_by       BIGINT        NULL,
  decided_at       DATETIME(3)   NULL,
  decision_reason  VARCHAR(2000) NULL,
  review_id        BIGINT        NULL COMMENT 'the APPEAL review that changed the score, when accepted',
  CONSTRAINT fk_appeal_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_appeal_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_appeal_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id),
  CONSTRAINT fk_appeal_finding FOREIGN KEY (finding_id) REFERENCES finding (id),
  CONSTRAINT fk_appeal_filed_by FOREIGN KEY (filed_by) REFERENCES app_user (id),
  CONSTRAINT fk_appeal_decided_by FOREIGN KEY (decided_by) REFERENCES app_user (id),
  CONSTRAINT fk_appeal_review FOREIGN KEY (review_id) REFERENCES review (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_appeal_round ON appeal (round_id, status);

CREATE TABLE appeal_attachment (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  appeal_id     BIGINT       NOT NULL,
  file_name     VARCHAR(255) NOT NULL,
  content_type  VARCHAR(100) NOT NULL,
  size_bytes    BIGINT       NOT NULL,
  sha256        CHAR(64)     NOT NULL,
  content       MEDIUMBLOB   NOT NULL,
  uploaded_at   DATETIME(3)  NOT NULL,
  CONSTRAINT fk_attachment_appeal FOREIGN KEY (appeal_id) REFERENCES appeal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
