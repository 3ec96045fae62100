/**
 * A round's scoring policy on the workbench: evaluators read and change it (each change with a reason, audited),
 * until the round is published and the policy frozen; and the policy's grade labels as pages show them (bands,
 * the separate 待改进 category, the negative list's grade).
 */
package cn.gongkai.web.policy;
