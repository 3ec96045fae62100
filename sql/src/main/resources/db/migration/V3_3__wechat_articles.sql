-- WeChat official accounts (issue 3): article URLs imported by hand (the account's feed bridge is channel.feed_url).
CREATE TABLE channel_article (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  channel_id  BIGINT        NOT NULL,
  url         VARCHAR(2048) NOT NULL,
  url_hash    CHAR(64)      NOT NULL,
  title       VARCHAR(1000) NULL,
  published_at DATETIME(3)  NULL COMMENT 'as the import states it, UTC; the page''s own ct timestamp wins',
  imported_at DATETIME(3)   NOT NULL,
  CONSTRAINT uk_channel_article UNIQUE (channel_id, url_hash),
  CONSTRAINT fk_channel_article_channel FOREIGN KEY (channel_id) REFERENCES channel (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
