/**
 * Documents as the platform reads them: attachments (PDF, DOC, DOCX, WPS, XLS, XLSX, OFD) turned into text by
 * {@link cn.gongkai.evaluator.document.DocumentReader}; the annual report on government information disclosure
 * (政府信息公开工作年度报告) parsed by {@link cn.gongkai.evaluator.document.AnnualReportParser} and its tables checked by
 * {@link cn.gongkai.evaluator.document.AnnualReportIdentities}; the checkers {@code annual-report},
 * {@code annual-report-timeliness} and {@code annual-report-requests} (依申请公开 figures); and {@link cn.gongkai.evaluator.document.DocumentInspection} behind the
 * {@code inspect-document} command.
 */
package cn.gongkai.evaluator.document;
