-- A message (留言) found on a message board is stored in typed columns: its handling status, the day it was answered
-- and the unit that answered, instead of "status=…;replied=…;unit=…" text in excerpt. The excerpt keeps the status
-- as the page words it (已回复, 办理中, …). Rows written before are converted in place.
ALTER TABLE extracted_item
  ADD COLUMN reply_status VARCHAR(16) NULL COMMENT 'MESSAGE only: ANSWERED, IN_PROGRESS, UNANSWERED or UNKNOWN',
  ADD COLUMN replied_at DATE NULL COMMENT 'MESSAGE only: the day the reply is dated, if shown',
  ADD COLUMN reply_unit VARCHAR(255) NULL COMMENT 'MESSAGE only: the unit that replied, if shown';

UPDATE extracted_item
   SET reply_status = NULLIF(SUBSTRING(REGEXP_SUBSTR(excerpt, 'status=[A-Z_]+'), 8), ''),
       replied_at = STR_TO_DATE(SUBSTRING(REGEXP_SUBSTR(excerpt, 'replied=[0-9]{4}-[0-9]{2}-[0-9]{2}'), 9), '%Y-%m-%d'),
       reply_unit = NULLIF(SUBSTRING(REGEXP_SUBSTR(excerpt, 'unit=[^;]+'), 6), ''),
       excerpt = NULL
 WHERE kind = 'MESSAGE' AND excerpt LIKE 'status=%';
