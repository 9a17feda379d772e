/**
 * The six-monthly report in Chromium: written on, printed to PDF (A4, page numbers, the protective
 * marking on every page, no count from 1 to 5 anywhere in its text), turned into page images to
 * look at, exported as one HTML file, then finalised, and still the same after more data arrive.
 */
import { test, expect } from './support/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitForSave, waitForWorkspace } from './support/workspace';

const MARKING = 'OFFICIAL-SENSITIVE E2E';
const OUT = path.join('test-results', 'report');

/** pdftotext / pdftoppm / pdfinfo from Debian's poppler-utils; the test fails, not skips, without them. */
const poppler = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8' });

/**
 * Numbers 1 to 5 standing alone in the printed text, apart from the few places where such a
 * numeral is not a count of children or records: page numbers, the threshold note ("1 to 5"),
 * the checklist's numbering, "3 or more", a change in percentage points ("up 4 points"), a span of
 * days in a definition ("the next 3 days") and a day of the month.
 */
function smallCounts(pageText: string): string[] {
	const cleaned = pageText
		.replace(/Page \d+ of \d+/g, '')
		.replace(/from 1 to 5 are shown/g, '')
		.replace(/^\s*[1-5]\. /gm, '')
		.replace(/3 or more/g, '')
		.replace(/\b[1-5] (points?|days)\b/g, '')
		.replace(/\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December)\b/g, '');
	return [...cleaned.matchAll(/(?<![\w.,:/%–-])[1-5](?![\w.,:/%–-])/g)].map((m) => cleaned.slice(Math.max(0, m.index! - 30), m.index! + 30));
}

/** Thirty new children at high risk in May 2026, in the product's own concerns template. */
function lateConcerns(): string {
	const header =
		'child_id,record_id,identified_on,exploitation_type,risk_level,risk_label,risk_score,sex,birth_month,age_years,ethnic_group,ethnicity_code,disability_sen,home_area,looked_after,care_leaver,flag_missing,flag_school,flag_substance,flag_gangs,flag_cce,flag_trafficking,flag_older_partner,flag_gifts,flag_online,flag_sexual_health,flag_self_harm,flag_mental_health,status,closed_on';
	const rows = Array.from({ length: 30 }, (_, i) => {
		const id = `NB-E2E${String(i).padStart(5, '0')}`;
		return `${id},LATE-${i},2026-05-10,cse,high,High,,female,2011-03,,white,,,,no,,,,,,,,,,,,,,open,`;
	});
	return [header, ...rows].join('\n') + '\n';
}

test('the report prints on A4 with the marking on every page, exports, and stays frozen once finalised', async ({ page }) => {
	test.setTimeout(240_000);
	rmSync(OUT, { recursive: true, force: true });
	mkdirSync(OUT, { recursive: true });
	await page.goto('/report');
	await waitForWorkspace(page);
	const doc = page.getByTestId('report-document');
	await expect(doc).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('report-period')).toHaveValue('2026-04-01');
	for (const id of ['headlines', 'trend', 'risk', 'profile', 'core-risks', 'missing', 'map', 'comparison', 'data-quality', 'checklist', 'method']) {
		await expect.soft(doc.locator(`[data-section="${id}"]`), `section ${id}`).toHaveCount(1);
	}
	await expect(doc.getByTestId('headline-children').getByTestId('value')).toHaveText('230');

	await test.step('write on it: marking, commentary, checklist', async () => {
		await page.getByTestId('report-marking').fill(MARKING);
		await page.getByLabel('Commentary: Incidence: children identified at risk over time').fill('Identification rose through the summer.');
		await page.getByLabel('Status: Is a system in place to monitor the numbers at risk?').selectOption('partly');
		await expect(doc.locator('.marking-line')).toHaveText(MARKING);
	});

	await test.step('print to PDF: A4, numbered, marked on every page, no small counts', async () => {
		await page.emulateMedia({ media: 'print' });
		const pdfPath = path.join(OUT, 'report.pdf');
		await page.pdf({ path: pdfPath, preferCSSPageSize: true, printBackground: true });
		await page.emulateMedia({ media: 'screen' });
		const info = poppler('pdfinfo', [pdfPath]);
		const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
		// A4 is 595.28 × 841.89 points; Chromium rounds to a hundredth of a millimetre.
		const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
		expect(Math.abs(Number(w) - 595.28)).toBeLessThan(1);
		expect(Math.abs(Number(h) - 841.89)).toBeLessThan(1);
		expect(pages).toBeGreaterThanOrEqual(8);
		for (let n = 1; n <= pages; n++) {
			const text = poppler('pdftotext', ['-layout', '-f', String(n), '-l', String(n), pdfPath, '-']);
			expect.soft(text.split(MARKING).length - 1, `marking twice on page ${n}`).toBeGreaterThanOrEqual(2);
			expect.soft(text, `page number on page ${n}`).toContain(`Page ${n} of ${pages}`);
			expect.soft(smallCounts(text), `small counts on page ${n}`).toEqual([]);
		}
		const all = poppler('pdftotext', ['-layout', pdfPath, '-']);
		expect(all).toContain('Identification rose through the summer.');
		expect(all).toMatch(/monitor the numbers at risk\?\s+Partly/);
		// Nothing of the app's screen furniture is printed.
		for (const hidden of ['Finalise…', 'Export as HTML', 'Validation rules', 'Data stays on this device']) expect(all).not.toContain(hidden);
		// Pages as images, to look at.
		poppler('pdftoppm', ['-r', '60', '-png', pdfPath, path.join(OUT, 'page')]);
	});

	await test.step('export one self-contained HTML file', async () => {
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export as HTML' }).click();
		const file = path.join(OUT, 'report.html');
		await (await download).saveAs(file);
		const html = readFileSync(file, 'utf8');
		expect(html).not.toMatch(/<script|<textarea|<select|https?:\/\//i);
		expect(html).toContain('Identification rose through the summer.');
		expect(html).toContain('<svg');
		expect(html).toContain(`--report-marking: "${MARKING}"`);
	});

	await test.step('export the tables as CSV', async () => {
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export tables (CSV)' }).click();
		const file = path.join(OUT, 'tables.zip');
		await (await download).saveAs(file);
		const listing = execFileSync('python3', ['-c', 'import sys,zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' });
		expect(listing).toMatch(/01-headlines\.csv/);
		expect(listing).toMatch(/five-point-checklist\.csv/);
	});

	let frozenText = '';
	await test.step('finalise', async () => {
		page.once('dialog', (d) => d.accept());
		await page.getByRole('button', { name: 'Finalise…' }).click();
		await expect(page.getByTestId('frozen-banner')).toBeVisible();
		await expect(doc.getByTestId('report-status')).toContainText('Finalised');
		frozenText = await doc.innerText();
		await expect(page.getByTestId('final-reports').locator('li')).toHaveCount(1);
	});

	await test.step('import more data: the live report changes, the finalised one does not', async () => {
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
		await page.getByTestId('file-input').setInputFiles([{ name: 'late-concerns.csv', mimeType: 'text/csv', buffer: Buffer.from(lateConcerns(), 'utf8') }]);
		await expect(page.getByTestId('file-entry')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report' }).click();
		await expect(doc.getByTestId('headline-children').getByTestId('value')).toHaveText('260', { timeout: 60_000 });
		await page.getByTestId('final-reports').getByRole('button', { name: 'Apr–Sep 2026' }).click();
		await expect(page.getByTestId('frozen-banner')).toBeVisible();
		await expect(doc.getByTestId('headline-children').getByTestId('value')).toHaveText('230');
		expect(await doc.innerText()).toBe(frozenText);
	});
	writeFileSync(path.join(OUT, 'frozen.txt'), frozenText);

	await test.step('the finalised report and the commentary survive a reload', async () => {
		// Wait for the workspace to be saved with it (the Data page says when).
		await waitForSave(page);
		await page.reload();
		await waitForWorkspace(page);
		await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Report' }).click();
		await expect(page.getByTestId('report-document')).toBeVisible({ timeout: 60_000 });
		await expect(page.getByTestId('commentary-trend')).toHaveText('Identification rose through the summer.');
		await page.getByTestId('final-reports').getByRole('button', { name: 'Apr–Sep 2026' }).click();
		await expect(page.getByTestId('frozen-banner')).toBeVisible();
		expect(await page.getByTestId('report-document').innerText()).toBe(frozenText);
	});
});
