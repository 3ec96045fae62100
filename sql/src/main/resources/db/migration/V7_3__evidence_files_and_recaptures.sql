-- Files uploaded as evidence (an evaluator's screenshot behind an override, a unit's appeal attachment) live under
-- gongkai.home/uploads, named by their SHA-256; the database keeps who, when, what and the digest.

-- An evaluator's evidence for an override: linked to the review that it supports.
CREATE TABLE review_file (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  review_id     BIGINT       NOT NULL,
  file_name     VARCHAR(255) NOT NULL,
  content_type  VARCHAR(100) NOT NULL COMMENT 'as sniffed from the bytes, not as the name or the browser said',
  size_bytes    BIGINT       NOT NULL,
  sha256        CHAR(64)     NOT NULL,
  uploaded_at   DATETIME(3)  NOT NULL,
  CONSTRAINT fk_review_file_review FOREIGN KEY (review_id) REFERENCES review (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_review_file_review ON review_file (review_id);

-- Appeal attachments now live in the same file store; rows written before keep their bytes here.
ALTER TABLE appeal_attachment MODIFY content MEDIUMBLOB NULL COMMENT 'only for attachments stored before V7_3';

-- The evaluator re-captured the URL an appeal gave: the capture (in WARC and indexed like any other) it made.
CREATE TABLE appeal_recapture (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  appeal_id     BIGINT       NOT NULL,
  capture_id    BIGINT       NOT NULL,
  requested_by  BIGINT       NOT NULL,
  requested_at  DATETIME(3)  NOT NULL,
  CONSTRAINT fk_recapture_appeal FOREIGN KEY (appeal_id) REFERENCES appeal (id),
  CONSTRAINT fk_recapture_capture FOREIGN KEY (capture_id) REFERENCES capture (id),
  CONSTRAINT fk_recapture_user FOREIGN KEY (requested_by) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ix_recapture_appeal ON appeal_recapture (appeal_id);
