/**
 * Indicator systems (指标体系): the model evaluators write (areas → indicators → evaluation points), its validation,
 * the shipped systems ({@code default.yaml}, the 139-point catalog; {@code foundation.yaml}, the demo's one point),
 * xlsx and CSV import/export that takes a file whole or not at all, and storage of a system once per (code, version).
 */
package cn.gongkai.evaluator.catalog;
