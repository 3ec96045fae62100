/**
 * Scheduled capture: a Quartz job per (round, channel) on the round's capture schedule, and a probe job per round
 * for the availability probes, in the clustered JDBC job store so that a node that dies has its jobs taken over.
 */
package cn.gongkai.web.capture;
