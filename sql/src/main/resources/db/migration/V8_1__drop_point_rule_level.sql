-- Scoring (issue 6): GRADED levels are applied in Java from the point's rule_params since point scores are computed
-- there; the table that held them for the set-based query is no longer read.
DROP TABLE point_rule_level;
