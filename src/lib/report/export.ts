/**
 * The report's two exports: one self-contained HTML file (inline styles and SVG, no script, no
 * request to anywhere), and every table as CSV in one ZIP (suppressed as printed, formula-safe).
 */
import { toCsv } from '$lib/export/csv';
import { writeZip } from '$lib/workspace-file/zip';
import { CHECKLIST_QUESTIONS, CHECKLIST_STATUS_LABELS, type ReportContent, type ReportDraft } from './content';

/**
 * A CSS string for `content:`. Every character that could end the string, the rule or the
 * <style> element (quote, backslash, "<", line breaks) is written as a CSS hex escape.
 */
export function cssString(text: string): string {
	const escaped = [...text]
		.map((ch) => (/["\\<>\n\r\f]/.test(ch) || ch.charCodeAt(0) < 32 ? `\\${ch.charCodeAt(0).toString(16)} ` : ch))
		.join('');
	return `"${escaped}"`;
}

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The report as one HTML file, from the rendered document: editing controls are dropped and the
 * printed text of the commentary and checklist is shown instead, as on paper.
 */
export function reportHtml(documentElement: Element, css: string, title: string, marking: string): string {
	const copy = documentElement.cloneNode(true) as Element;
	for (const el of copy.querySelectorAll('.no-print, script')) el.remove();
	for (const el of copy.querySelectorAll('.print-only')) el.classList.remove('print-only');
	return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
:root { --report-marking: ${cssString(marking)}; }
body { margin: 0; background: #f4f6f9; }
${css}
</style>
</head>
<body>
${copy.outerHTML}
</body>
</html>
`;
}

/** Every table of the report as its own CSV file, numbered in report order, in one ZIP. */
export function reportCsvZip(content: ReportContent, draft: ReportDraft): Uint8Array {
	const files: Record<string, Uint8Array> = {};
	const encoder = new TextEncoder();
	let n = 0;
	const add = (name: string, header: string[], rows: (string | null)[][]) => {
		n += 1;
		const stem = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
		files[`${String(n).padStart(2, '0')}-${stem}.csv`] = encoder.encode(toCsv(header, rows));
	};
	add('headlines', ['Figure', 'Value', 'Unit', `Change on ${content.previousLabel}`, `Change on ${content.yearEarlierLabel}`], content.headlines.map((h) => [h.label, h.value, h.unit, h.vsPrevious.text, h.vsYearEarlier.text]));
	for (const section of content.sections) {
		for (const t of section.tables) add(t.title, t.columns.map((c) => c.label), t.rows.map((r) => t.columns.map((c) => r[c.key] ?? null)));
		if (section.map) add(section.map.title, ['Area', 'Code', section.map.unit], section.map.areas.map((a) => [a.name, a.code, a.text]));
	}
	add('five-point checklist', ['Question', 'Status', 'Note'], CHECKLIST_QUESTIONS.map((q, i) => [q, CHECKLIST_STATUS_LABELS[draft.checklist[i].status], draft.checklist[i].note]));
	add('source files', ['File', 'Agency', 'Kind', 'Imported', 'Rows read', 'Rows loaded', 'Rows rejected', 'Fingerprint'], content.sources.map((r) => [r.fileName, r.agency, r.kind, r.importedAt, r.rowsRead, r.rowsLoaded, r.rowsRejected, r.fingerprint]));
	return writeZip(files);
}
