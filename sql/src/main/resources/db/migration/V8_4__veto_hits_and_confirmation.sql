-- Vetoes from every method (issue 14): a person scoring a MANUAL or DEPARTMENT veto point can record a veto hit, with
-- a reason and evidence files, and it puts the unit on the negative list as a machine FAIL does. A veto FAIL from a
-- checker enters the list only once an evaluator has confirmed it (ASSISTED checkers always, any checker while the
-- round's confirm_vetoes is on); until then the point is 待评.
ALTER TABLE assessment_round
  ADD COLUMN confirm_vetoes BOOLEAN NOT NULL DEFAULT TRUE
    COMMENT 'a veto FAIL from any checker needs an evaluator''s confirmation; ASSISTED ones need it regardless';

ALTER TABLE manual_score
  ADD COLUMN veto_hit BOOLEAN NOT NULL DEFAULT FALSE
    COMMENT 'the scorer found the veto situation: the unit goes on the negative list, the point scores 0';

-- The scorer's evidence for a veto hit; the bytes live in the evidence file store under gongkai.home/uploads.
CREATE TABLE manual_score_file (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  manual_score_id BIGINT       NOT NULL,
  file_name       VARCHAR(255) NOT NULL,
  content_type    VARCHAR(100) NOT NULL COMMENT 'as sniffed from the bytes, not as the name or the browser said',
  size_bytes      BIGINT       NOT NULL,
  sha256          CHAR(64)     NOT NULL,
  uploaded_at     DATETIME(3)  NOT NULL,
  CONSTRAINT fk_manual_score_file_score FOREIGN KEY (manual_score_id) REFERENCES manual_score (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_manual_score_file_score ON manual_score_file (manual_score_id);

-- A negative-list entry comes from a finding or from a person's veto hit.
ALTER TABLE negative_list_entry
  MODIFY finding_id BIGINT NULL,
  ADD COLUMN manual_score_id BIGINT NULL COMMENT 'the veto hit a person recorded; NULL for a finding''s entry',
  ADD CONSTRAINT fk_negative_manual_score FOREIGN KEY (manual_score_id) REFERENCES manual_score (id);

-- The snapshot's copy: finding_id can no longer be part of the key. The index keeps the snapshot foreign key served.
CREATE INDEX ix_snapshot_negative ON result_snapshot_negative (snapshot_id, unit_id, point_id);
ALTER TABLE result_snapshot_negative
  DROP PRIMARY KEY,
  ADD COLUMN id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY FIRST,
  MODIFY finding_id BIGINT NULL,
  ADD COLUMN manual_score_id BIGINT NULL COMMENT 'the veto hit a person recorded; NULL for a finding''s entry';
