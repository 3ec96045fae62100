-- A WeChat account's bridge feed on the evaluator's own machine or LAN, allowed by an evaluator for that feed URL only
-- (audited), so the round itself need not allow private addresses. A changed feed URL is not covered.
ALTER TABLE channel ADD COLUMN private_feed_allowed VARCHAR(2048) NULL
  COMMENT 'the feed URL an evaluator allowed to be on a private address; null: none';
