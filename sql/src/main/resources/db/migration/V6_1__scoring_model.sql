-- Scoring model (issue 6): round scoring policy, manual and department scores, area scores, rank uncertainty,
-- published snapshots with their change log. Runs on MySQL 8 and MariaDB 11 alike: JSON as TEXT, no CHECKs.

-- A round's scoring settings. A round without a row is scored with the defaults (one pool of all points, bands
-- 90/70/60, the negative list graded 不合格, UNCERTAIN blocking publication, 1,000 uncertainty draws at ±20%).
CREATE TABLE round_scoring_policy (
  round_id                     BIGINT        NOT NULL PRIMARY KEY,
  weight_third_party           DECIMAL(8,5)  NULL COMMENT 'all three NULL: every point in one pool, no source weighting',
  weight_supervision           DECIMAL(8,5)  NULL COMMENT 'points whose method is DEPARTMENT (监管部门评价)',
  weight_public                DECIMAL(8,5)  NULL COMMENT 'points whose method is PUBLIC (公众评价)',
  bonus_threshold              DECIMAL(8,3)  NULL COMMENT 'bonus points count only when the base total reaches this; NULL: always',
  bonus_cap                    DECIMAL(8,3)  NULL COMMENT 'most bonus a unit can earn; NULL: the bonus indicators'' maxima',
  veto_score_cap               DECIMAL(8,3)  NULL COMMENT 'a unit on the negative list scores at most this; NULL: no cap',
  veto_grade                   VARCHAR(16)   NULL COMMENT 'grade forced on the negative list; NULL: bands that allow it',
  lowest_grade                 VARCHAR(16)   NOT NULL DEFAULT '不合格',
  uncertain_blocks_publication BOOLEAN       NOT NULL DEFAULT TRUE,
  uncertainty_draws            INT           NOT NULL DEFAULT 1000 COMMENT '0 switches the analysis off',
  uncertainty_spread           DECIMAL(6,5)  NOT NULL DEFAULT 0.20000 COMMENT 'weights vary uniformly within ±spread',
  uncertainty_seed             BIGINT        NOT NULL DEFAULT 1,
  uncertainty_geometric        BOOLEAN       NOT NULL DEFAULT TRUE COMMENT 'draws also try the geometric mean of areas',
  updated_at                   DATETIME(3)   NOT NULL,
  updated_by                   VARCHAR(100)  NOT NULL,
  CONSTRAINT fk_scoring_policy_round FOREIGN KEY (round_id) REFERENCES assessment_round (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Grade bands of a round, tried from the highest minimum down. quota_percent: at most that share of a group
-- (rounded down) gets the band; a tie that straddles the limit drops to the next band together.
CREATE TABLE round_grade_band (
  round_id              BIGINT        NOT NULL,
  ordinal               INT           NOT NULL,
  min_score             DECIMAL(8,3)  NOT NULL,
  label                 VARCHAR(16)   NOT NULL,
  quota_percent         DECIMAL(6,3)  NULL,
  negative_list_allowed BOOLEAN       NOT NULL DEFAULT TRUE,
  PRIMARY KEY (round_id, ordinal),
  CONSTRAINT fk_grade_band_round FOREIGN KEY (round_id) REFERENCES assessment_round (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Composite units: a county scores x% its government + y% the mean of its departments and townships.
-- The composite is a unit of the round with no points of its own; each part averages its member units' totals.
CREATE TABLE round_composite_part (
  round_id          BIGINT        NOT NULL,
  composite_unit_id BIGINT        NOT NULL,
  part_no           INT           NOT NULL,
  label             VARCHAR(200)  NOT NULL,
  weight            DECIMAL(8,5)  NOT NULL,
  PRIMARY KEY (round_id, composite_unit_id, part_no),
  CONSTRAINT fk_composite_part_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_composite_part_unit FOREIGN KEY (composite_unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE round_composite_member (
  round_id          BIGINT NOT NULL,
  composite_unit_id BIGINT NOT NULL,
  part_no           INT    NOT NULL,
  member_unit_id    BIGINT NOT NULL,
  PRIMARY KEY (round_id, composite_unit_id, part_no, member_unit_id),
  CONSTRAINT fk_composite_member_part FOREIGN KEY (round_id, composite_unit_id, part_no)
    REFERENCES round_composite_part (round_id, composite_unit_id, part_no),
  CONSTRAINT fk_composite_member_unit FOREIGN KEY (member_unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Scores people enter: evaluators (MANUAL), the supervising department (DEPARTMENT), public evaluation (PUBLIC).
-- Append-only: the latest entry for a (round, unit, point) is the one that counts, earlier ones are its history.
CREATE TABLE manual_score (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id    BIGINT        NOT NULL,
  unit_id     BIGINT        NOT NULL,
  point_id    BIGINT        NOT NULL,
  score       DECIMAL(8,3)  NULL COMMENT 'NULL: the point does not apply to the unit',
  source      VARCHAR(16)   NOT NULL COMMENT 'MANUAL | DEPARTMENT | PUBLIC',
  entered_by  VARCHAR(100)  NOT NULL,
  entered_at  DATETIME(3)   NOT NULL,
  reason      VARCHAR(2000) NULL,
  CONSTRAINT fk_manual_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_manual_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_manual_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_manual_score ON manual_score (round_id, unit_id, point_id, entered_at);

-- How each point of a round was scored, read from evaluation_point.rule_params when the round was last scored
-- (the JSON is parsed once, so the set-based scoring joins numbers instead of parsing text per row).
CREATE TABLE point_rule (
  round_id      BIGINT        NOT NULL,
  point_id      BIGINT        NOT NULL,
  rule          VARCHAR(32)   NOT NULL COMMENT 'BINARY | GRADED | PROPORTIONAL | DEDUCTION',
  pool          VARCHAR(16)   NOT NULL COMMENT 'THIRD_PARTY | SUPERVISION | PUBLIC',
  per_violation DECIMAL(8,3)  NULL,
  deduction_cap DECIMAL(8,3)  NULL,
  PRIMARY KEY (round_id, point_id),
  CONSTRAINT fk_point_rule_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_point_rule_point FOREIGN KEY (point_id) REFERENCES evaluation_point (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- The levels (in points) of a GRADED point: a finding's share of the maximum falls to the highest level it reaches.
CREATE TABLE point_rule_level (
  round_id  BIGINT        NOT NULL,
  point_id  BIGINT        NOT NULL,
  level     DECIMAL(8,3)  NOT NULL,
  PRIMARY KEY (round_id, point_id, level),
  CONSTRAINT fk_point_level_rule FOREIGN KEY (round_id, point_id) REFERENCES point_rule (round_id, point_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Area subtotals by source pool, after each indicator's cap on its points' deductions. Bonus points are not here.
CREATE TABLE area_score (
  round_id   BIGINT        NOT NULL,
  unit_id    BIGINT        NOT NULL,
  area_id    BIGINT        NOT NULL,
  pool       VARCHAR(16)   NOT NULL,
  score      DECIMAL(10,3) NOT NULL,
  max_score  DECIMAL(10,3) NOT NULL,
  PRIMARY KEY (round_id, unit_id, area_id, pool),
  CONSTRAINT fk_area_score_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_area_score_unit FOREIGN KEY (unit_id) REFERENCES unit (id),
  CONSTRAINT fk_area_score_area FOREIGN KEY (area_id) REFERENCES indicator_area (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE unit_result
  ADD COLUMN base_total DECIMAL(8,3) NULL COMMENT 'out of 100 before bonus and the negative-list cap',
  ADD COLUMN bonus      DECIMAL(8,3) NULL COMMENT 'bonus counted (0 when the base total missed the threshold)',
  ADD COLUMN composite  BOOLEAN      NOT NULL DEFAULT FALSE;

ALTER TABLE negative_list_entry
  ADD COLUMN evidence TEXT NULL COMMENT 'the finding''s evidence: capture ids and excerpts';

-- Rank uncertainty from Monte Carlo draws over weights and aggregation; replaced with every scoring run.
CREATE TABLE rank_uncertainty (
  round_id     BIGINT       NOT NULL,
  unit_id      BIGINT       NOT NULL,
  median_rank  DECIMAL(8,1) NOT NULL,
  p05_rank     INT          NOT NULL,
  p95_rank     INT          NOT NULL,
  PRIMARY KEY (round_id, unit_id),
  CONSTRAINT fk_uncertainty_round FOREIGN KEY (round_id) REFERENCES assessment_round (id),
  CONSTRAINT fk_uncertainty_unit FOREIGN KEY (unit_id) REFERENCES unit (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE rank_uncertainty_run (
  round_id     BIGINT        NOT NULL PRIMARY KEY,
  draws        INT           NOT NULL,
  spread       DECIMAL(6,5)  NOT NULL,
  seed         BIGINT        NOT NULL,
  geometric    BOOLEAN       NOT NULL,
  computed_at  DATETIME(3)   NOT NULL,
  CONSTRAINT fk_uncertainty_run_round FOREIGN KEY (round_id) REFERENCES assessment_round (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Published results. Append-only: the application has no update or delete path for these tables; the content
-- hash (SHA-256 over a canonical serialisation of the rows) lets anyone check a snapshot was not altered.
CREATE TABLE result_snapshot (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  round_id      BIGINT        NOT NULL,
  version       INT           NOT NULL,
  content_hash  CHAR(64)      NOT NULL,
  units         INT           NOT NULL,
  published_at  DATETIME(3)   NOT NULL,
  published_by  VARCHAR(100)  NOT NULL,
  reason        VARCHAR(2000) NULL,
  CONSTRAINT uk_result_snapshot UNIQUE (round_id, version),
  CONSTRAINT fk_snapshot_round FOREIGN KEY (round_id) REFERENCES assessment_round (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE result_snapshot_unit (
  snapshot_id    BIGINT        NOT NULL,
  unit_id        BIGINT        NOT NULL,
  group_id       BIGINT        NOT NULL,
  total          DECIMAL(8,3)  NOT NULL,
  raw_score      DECIMAL(8,3)  NOT NULL,
  max_score      DECIMAL(8,3)  NOT NULL,
  base_total     DECIMAL(8,3)  NULL,
  bonus          DECIMAL(8,3)  NULL,
  rank_in_group  INT           NOT NULL,
  grade          VARCHAR(16)   NOT NULL,
  negative_list  BOOLEAN       NOT NULL,
  composite      BOOLEAN       NOT NULL,
  median_rank    DECIMAL(8,1)  NULL,
  p05_rank       INT           NULL,
  p95_rank       INT           NULL,
  PRIMARY KEY (snapshot_id, unit_id),
  CONSTRAINT fk_snapshot_unit_snapshot FOREIGN KEY (snapshot_id) REFERENCES result_snapshot (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE result_snapshot_point (
  snapshot_id  BIGINT        NOT NULL,
  unit_id      BIGINT        NOT NULL,
  point_id     BIGINT        NOT NULL,
  score        DECIMAL(8,3)  NULL,
  max_score    DECIMAL(8,3)  NOT NULL,
  source       VARCHAR(16)   NOT NULL,
  PRIMARY KEY (snapshot_id, unit_id, point_id),
  CONSTRAINT fk_snapshot_point_snapshot FOREIGN KEY (snapshot_id) REFERENCES result_snapshot (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE result_snapshot_negative (
  snapshot_id  BIGINT        NOT NULL,
  unit_id      BIGINT        NOT NULL,
  point_id     BIGINT        NOT NULL,
  finding_id   BIGINT        NOT NULL,
  reason       VARCHAR(1000) NOT NULL,
  evidence     TEXT          NULL,
  PRIMARY KEY (snapshot_id, unit_id, point_id, finding_id),
  CONSTRAINT fk_snapshot_negative_snapshot FOREIGN KEY (snapshot_id) REFERENCES result_snapshot (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- What changed from the previous version of a round's published results; who, why and when are on the snapshot.
CREATE TABLE result_change (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  snapshot_id  BIGINT        NOT NULL,
  unit_id      BIGINT        NOT NULL,
  field        VARCHAR(32)   NOT NULL COMMENT 'total | rank_in_group | grade | negative_list | unit',
  old_value    VARCHAR(200)  NULL,
  new_value    VARCHAR(200)  NULL,
  CONSTRAINT fk_change_snapshot FOREIGN KEY (snapshot_id) REFERENCES result_snapshot (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_change_snapshot ON result_change (snapshot_id);
