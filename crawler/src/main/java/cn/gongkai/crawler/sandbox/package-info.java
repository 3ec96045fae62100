/**
 * The sandbox (靶场): synthetic government websites on loopback with known content, for tests, the offline demo
 * and calibrating checkers ({@link cn.gongkai.crawler.sandbox.Sandbox}).
 */
package cn.gongkai.crawler.sandbox;
