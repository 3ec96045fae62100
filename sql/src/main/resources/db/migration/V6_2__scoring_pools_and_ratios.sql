-- Scoring model (issue 6), continued: PROPORTIONAL points clamp a measured ratio between zeroAt and fullAt, and a
-- round may put any of its points in a source pool other than the one its method implies.

ALTER TABLE point_rule
  ADD COLUMN zero_at DECIMAL(6,5) NULL COMMENT 'PROPORTIONAL: the ratio at and below which the point scores 0',
  ADD COLUMN full_at DECIMAL(6,5) NULL COMMENT 'PROPORTIONAL: the ratio at and above which it scores full marks';

-- By default a point's pool follows its method: DEPARTMENT points are the supervising department's
-- (SUPERVISION), all others third-party testing (THIRD_PARTY). Public evaluation (PUBLIC) is set here.
CREATE TABLE round_point_pool (
  round_id  BIGINT       NOT NULL,
  point_id  BIGINT       NOT NULL,
  pool      VARCHAR(16)  NOT NULL COMMENT 'THIRD_PARTY | SUPERVISION | PUBLIC',
  PRIMARY KEY (round_id, point_id),
  CONSTRAINT fk_point_pool_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_point_pool_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
