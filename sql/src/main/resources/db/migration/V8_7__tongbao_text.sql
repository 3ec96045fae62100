-- The 通报 (circular announcing a published round's results, issue 17): the free-text parts an evaluator edits before
-- it goes out. One row per round, written when the evaluator first saves; until then the texts are drafted from the
-- published snapshot. The data parts (grades, negative list, typical problems and their counts) are never stored
-- here: they are always read from the snapshot. Every save is in the audit log with the texts before and after.
CREATE TABLE tongbao_text (
  round_id        BIGINT         NOT NULL PRIMARY KEY,
  title           VARCHAR(200)   NOT NULL,
  doc_number      VARCHAR(100)   NOT NULL COMMENT '文号, e.g. 政务公开办〔2026〕3号',
  issuing_body    VARCHAR(200)   NOT NULL COMMENT '发文机关 as signed at the end',
  addressees      VARCHAR(500)   NOT NULL COMMENT '主送机关, the line before the body',
  overview        VARCHAR(4000)  NOT NULL,
  problems_note   VARCHAR(4000)  NOT NULL COMMENT 'commentary above the table of typical problems',
  next_steps      VARCHAR(4000)  NOT NULL,
  rectify_by      DATE           NOT NULL COMMENT 'deadline for the units'' 整改 reports',
  issued_on       DATE           NOT NULL COMMENT '成文日期',
  updated_at      DATETIME(3)    NOT NULL,
  updated_by      VARCHAR(100)   NOT NULL,
  CONSTRAINT fk_tongbao_text_round FOREIGN KEY (round_id) REFERENCES assessment_round (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
