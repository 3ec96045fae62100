/**
 * WARC evidence: {@link cn.gongkai.crawler.warc.WarcFileWriter} appends exchanges and forces them to disk before
 * they are indexed; {@link cn.gongkai.crawler.warc.EvidenceStore} reads a response back and checks its digest, for
 * replay and for anyone who disputes a finding.
 */
package cn.gongkai.crawler.warc;
