-- Second review (复核抽查): a sample of a round's findings scored again, blind, by a second evaluator; where the two
-- verdicts differ, an evaluator reconciles them before the round may be published.
CREATE TABLE second_review (
  round_id           BIGINT        NOT NULL,
  finding_id         BIGINT        NOT NULL,
  reviewer_id        BIGINT        NOT NULL COMMENT 'the second evaluator, never the one who decided first',
  first_status       VARCHAR(16)   NOT NULL COMMENT 'the verdict in force when the sample was drawn',
  drawn_by           VARCHAR(100)  NOT NULL,
  drawn_at           DATETIME(3)   NOT NULL,
  second_status      VARCHAR(16)   NULL,
  second_reason      VARCHAR(2000) NULL,
  reviewed_at        DATETIME(3)   NULL,
  reconciled_status  VARCHAR(16)   NULL,
  reconciled_by      VARCHAR(100)  NULL,
  reconciled_at      DATETIME(3)   NULL,
  reconcile_reason   VARCHAR(2000) NULL,
  PRIMARY KEY (round_id, finding_id),
  CONSTRAINT fk_second_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_second_finding FOREIGN KEY (finding_id) REFERENCES finding (id),
  CONSTRAINT fk_second_reviewer FOREIGN KEY (reviewer_id) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
