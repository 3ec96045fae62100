-- Area subtotals in a published snapshot: leaders and counties read a published round from its snapshot, and an
-- area's subtotal (after each indicator's cap) cannot be rebuilt from the point scores alone. Derived from the
-- snapshot's hashed point scores, so not part of the content hash.
CREATE TABLE result_snapshot_area (
  snapshot_id  BIGINT        NOT NULL,
  unit_id      BIGINT        NOT NULL,
  area_id      BIGINT        NOT NULL,
  pool         VARCHAR(16)   NOT NULL,
  score        DECIMAL(10,3) NOT NULL,
  max_score    DECIMAL(10,3) NOT NULL,
  PRIMARY KEY (snapshot_id, unit_id, area_id, pool),
  CONSTRAINT fk_snapshot_area_snapshot FOREIGN KEY (snapshot_id) REFERENCES result_snapshot (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
