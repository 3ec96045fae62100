-- A website's own crawl limits (issue 18, item 3: settable in the round YAML and the unit sheet). A large portal may
-- need a deeper list budget than the round's other sites, a fragile one a longer pause between requests. NULL means
-- the round's limit (assessment_round.crawl_*), and where the round sets none the crawler's default.
ALTER TABLE channel
  ADD COLUMN crawl_max_depth INT NULL COMMENT 'link depth followed from the homepage; NULL = the round''s',
  ADD COLUMN crawl_max_pages_per_channel INT NULL COMMENT 'URLs queued for this channel at most; NULL = the round''s',
  ADD COLUMN crawl_max_list_pages INT NULL COMMENT 'list pages read per column list at most; NULL = the round''s',
  ADD COLUMN crawl_delay_ms INT NULL COMMENT 'milliseconds between requests to this site''s hosts; NULL = the round''s';
