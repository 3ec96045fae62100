/**
 * Limits on what users type, checked where the input arrives and before the database: lengths that the columns
 * hold, names without control characters, and names shown or downloaded without bidirectional overrides.
 */
package cn.gongkai.web.input;
