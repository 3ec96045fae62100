/**
 * The evaluator: indicator systems ({@code catalog}), and checkers that turn captures into findings ({@code check}).
 */
package cn.gongkai.evaluator;
