/**
 * What a user sees when a request fails: a Chinese page in the application's layout for every status, and Chinese
 * JSON for the API, never an exception's text or a stack trace.
 */
package cn.gongkai.web.error;
