/** Evaluators' live view of a round's crawl, site by site. */
package cn.gongkai.web.progress;
