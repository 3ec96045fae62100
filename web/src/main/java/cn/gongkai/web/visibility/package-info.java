/**
 * What each role reads of a round's results: evaluators the working results, labelled with the round's status;
 * leaders the published snapshot only; a county its own unit's 初评 during the feedback window and the published
 * snapshot after. Pages, API and exports ask {@link cn.gongkai.web.visibility.ResultVisibility} for a
 * {@link cn.gongkai.web.visibility.ResultView} and read through {@link cn.gongkai.web.visibility.ResultTables}.
 */
package cn.gongkai.web.visibility;
