/**
 * 公众评价: citizens' scores (测评票, satisfaction surveys) imported on the workbench into the round's PUBLIC source
 * pool, stored as people's scores (manual_score, source PUBLIC) so that scoring treats them as it treats manual and
 * department scores.
 */
package cn.gongkai.web.citizen;
