import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { cssString, reportCsvZip, reportHtml } from '$lib/report/export';
import { readZip } from '$lib/workspace-file/zip';
import { emptyDraft, type ReportContent } from '$lib/report/content';
import { parsePeriod } from '$lib/measures/periods';

const PERIOD = parsePeriod('Apr–Sep 2026')!;

describe('report exports', () => {
	it('writes the marking as a CSS string nothing can break out of', () => {
		expect(cssString('OFFICIAL-SENSITIVE')).toBe('"OFFICIAL-SENSITIVE"');
		const hostile = cssString('"; } body { display: none } </style><script>alert(1)</script>\\');
		expect(hostile).not.toMatch(/[<>]|[^\\]"[^$]/);
		expect(hostile.startsWith('"') && hostile.endsWith('"')).toBe(true);
		expect(hostile.slice(1, -1)).not.toContain('"');
		expect(cssString('a\nb')).toBe('"a\\a b"');
	});

	it('exports the document without its editing controls, showing the printed text instead', () => {
		const { document } = new JSDOM('').window;
		const article = document.createElement('article');
		article.innerHTML =
			'<label class="no-print">Commentary <textarea>draft</textarea></label><div class="commentary print-only">Rising &lt;b&gt;</div><p>Figures</p>';
		const html = reportHtml(article, '.x { color: red }', 'Northbrook <report>', 'OFFICIAL "X"');
		expect(html).not.toContain('<textarea');
		expect(html).not.toContain('print-only');
		expect(html).toContain('<div class="commentary">Rising &lt;b&gt;</div>');
		expect(html).toContain('<title>Northbrook &lt;report&gt;</title>');
		expect(html).toContain('--report-marking: "OFFICIAL \\22 X\\22 "');
		expect(html).not.toContain('<script');
	});

	it('puts every table in the ZIP as formula-safe CSV, numbered in report order', () => {
		const content: ReportContent = {
			format: 'cse-profile-report',
			version: 1,
			partnership: 'Northbrook',
			period: PERIOD,
			previousLabel: 'Oct 2025–Mar 2026',
			yearEarlierLabel: 'Apr–Sep 2025',
			generatedAt: '2026-11-28T10:00:00',
			threshold: 6,
			headlines: [],
			sections: [
				{
					id: 'profile',
					title: 'Profile',
					sentences: [],
					charts: [],
					tables: [{ measure: 'children-by-agency', title: 'By agency', columns: [{ key: 'agency', label: 'Agency' }, { key: 'children', label: 'Children' }], rows: [{ agency: '=HYPERLINK("x")', children: 'c' }] }]
				}
			],
			methodNotes: [],
			sources: []
		};
		const files = readZip(reportCsvZip(content, emptyDraft(PERIOD)));
		expect(Object.keys(files)).toEqual(['01-headlines.csv', '02-by-agency.csv', '03-five-point-checklist.csv', '04-source-files.csv']);
		expect(new TextDecoder().decode(files['02-by-agency.csv'])).toBe('Agency,Children\r\n"\'=HYPERLINK(""x"")",c\r\n');
	});
});
