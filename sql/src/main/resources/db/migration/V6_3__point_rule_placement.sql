-- Scoring model (issue 6), continued: point_rule carries where its point sits (indicator, area, the indicator's
-- maximum, bonus), so aggregating 400,000 point scores joins one small table instead of three.

ALTER TABLE point_rule
  ADD COLUMN indicator_id  BIGINT       NULL,
  ADD COLUMN area_id       BIGINT       NULL,
  ADD COLUMN indicator_max DECIMAL(8,3) NULL,
  ADD COLUMN bonus         BOOLEAN      NOT NULL DEFAULT FALSE;

-- The review queue and publication look for a round's UNCERTAIN findings among hundreds of thousands.
CREATE INDEX ix_finding_status ON finding (round_id, status);
