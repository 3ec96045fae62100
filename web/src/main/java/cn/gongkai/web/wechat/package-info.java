/**
 * 公众号文章: a WeChat account's article URLs given by hand on the workbench, for accounts without a bridge feed; the
 * next capture of the account fetches them as it fetches feed entries.
 */
package cn.gongkai.web.wechat;
