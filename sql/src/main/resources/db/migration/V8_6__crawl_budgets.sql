-- Pagination and crawl budgets (issue 18, item 3).
-- A column's list pages are followed through its pagination up to a per-column budget, counted per list: every page
-- of one list carries the frontier id of the list's first page. NULL for pages that are not pages of a list.
ALTER TABLE frontier_url ADD COLUMN list_root_id BIGINT NULL
  COMMENT 'frontier_url.id of the first page of the column list this page is a further page of';
CREATE INDEX ix_frontier_list_root ON frontier_url (list_root_id);

-- Crawl limits set per round in the round YAML; NULL means the crawler's defaults (CrawlSettings.defaults()).
ALTER TABLE assessment_round
  ADD COLUMN crawl_max_depth INT NULL COMMENT 'link depth followed from the homepage; NULL = default',
  ADD COLUMN crawl_max_pages_per_channel INT NULL COMMENT 'URLs queued per channel at most; NULL = default',
  ADD COLUMN crawl_max_list_pages INT NULL COMMENT 'list pages read per column list at most; NULL = default';
