/**
 * 栏目配置: a round's websites and the extraction profile (CSS selectors) of each, edited on the workbench and tried on
 * the channel's captured pages before it is saved, as commercial monitors let their users configure columns.
 */
package cn.gongkai.web.profile;
