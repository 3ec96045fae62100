-- A website's extraction profile (栏目配置): CSS selectors an evaluator gives where the generic extractor misreads
-- the site (list entry, its title and date, next page, article title, date and body), as JSON by key; see
-- cn.gongkai.crawler.extract.ExtractionProfile. Null: the generic extractor alone.
ALTER TABLE channel ADD COLUMN extraction_profile TEXT NULL
  COMMENT 'JSON object of CSS selectors by key (listItem, itemTitle, itemDate, nextPage, articleTitle, articleDate, articleBody); null: none';
