-- The 待改进 category of a round's scoring policy (issue 14): announced apart from the grade bands, as 安康 does.
-- A unit below improvement_below and, with a quota, among the lowest improvement_quota_percent of its group gets
-- improvement_label instead of a band. All NULL: the round has no such category.
ALTER TABLE round_scoring_policy
  ADD COLUMN improvement_label         VARCHAR(16)  NULL COMMENT 'e.g. 待改进; NULL: no such category',
  ADD COLUMN improvement_below         DECIMAL(8,3) NULL COMMENT 'only units whose total is below this; NULL: any total',
  ADD COLUMN improvement_quota_percent DECIMAL(6,3) NULL COMMENT 'at most this share of a group, from the bottom; NULL: no quota';
