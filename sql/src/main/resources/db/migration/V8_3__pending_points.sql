-- Completeness (issue 14): a point nobody has assessed yet (an unscored MANUAL/DEPARTMENT/PUBLIC cell, an
-- UNCERTAIN or NOT_ASSESSABLE finding, a point of a channel whose capture failed) is 待评: point_score.source
-- 'PENDING' with a NULL score, out of the unit's maximum. A unit with any such point has a provisional total and the
-- grade 待评, never a final grade; publication is refused while any remains.
ALTER TABLE unit_result
  ADD COLUMN pending_points INT NOT NULL DEFAULT 0 COMMENT 'points still 待评; > 0: provisional total, grade 待评';
