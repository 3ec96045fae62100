/**
 * Serious wording errors (严重表述错误, a veto item of 国办秘函〔2019〕19号): an evaluator-maintained list of wrong forms
 * (abolished institutions, outdated titles) matched over captured pages in one pass, each hit shown with its sentence.
 */
package cn.gongkai.evaluator.wording;
