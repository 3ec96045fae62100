/**
 * Fetching with manners: HTTP GETs with a body cap and deadline ({@link cn.gongkai.crawler.fetch.Fetcher}), spacing
 * of requests per host ({@link cn.gongkai.crawler.fetch.HostGate}), and the refusal of internal addresses
 * ({@link cn.gongkai.crawler.fetch.AddressPolicy}). Used by the crawler and by availability probes.
 */
package cn.gongkai.crawler.fetch;
