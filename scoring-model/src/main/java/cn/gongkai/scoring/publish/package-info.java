/**
 * Publication: a round's working results frozen into an immutable snapshot with a SHA-256 content hash, new versions
 * with a change log (who, what, why, when), and reading the latest published results back.
 */
package cn.gongkai.scoring.publish;
