/**
 * The six-monthly report on the sample partnership: every section is there, every figure is the
 * measure catalogue's board output, no small count appears anywhere, and a finalised report does
 * not change when more data is imported.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { loadMapped } from '$lib/ingest/load-mapped';
import { loadDfeEes } from '$lib/ingest/kinds/dfe-ees';
import { POLICE_REFERRALS } from '$lib/ingest/sample-mappings';
import { parsePeriod } from '$lib/measures/periods';
import { allMeasureRows } from '$lib/measures/catalogue';
import { boardRows } from '$lib/views/board-rows';
import { summary } from '$lib/measures/summary';
import { summaryView } from '$lib/views/summary-view';
import { assembleReport, humanise, printedNumber } from '$lib/report/assemble';
import { SECTION_IDS, emptyDraft, type ReportContent } from '$lib/report/content';
import { saveComparisonNeighbours } from '$lib/measures/comparison';
import { finaliseReport, listFinalReports, loadDraft, openFinalReport, saveDraft, cleanDraft } from '$lib/report/report-store';

const DIR = resolve(__dirname, '../../../data-samples/northbrook');
const PERIOD = parsePeriod('Apr–Sep 2026')!;
const GENERATED = '2026-11-28T10:00:00';

/** Every printed figure of the report (tables, chart labels, headline values), as text. */
function figures(content: ReportContent): string[] {
	const out: string[] = content.headlines.flatMap((h) => [h.value, h.detail, h.vsPrevious.text, h.vsYearEarlier.text]);
	for (const s of content.sections) {
		out.push(...s.sentences);
		for (const t of s.tables) for (const r of t.rows) for (const c of t.columns) out.push(r[c.key] ?? '');
		for (const c of s.charts) if (c.kind === 'bars') out.push(...c.bars.map((b) => b.text));
		if (s.map) out.push(...s.map.areas.map((a) => a.text));
	}
	return out;
}

describe('the six-monthly report', () => {
	let engine: Engine;
	let content: ReportContent;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadSamples(engine, async (name) => new Uint8Array(readFileSync(join(DIR, name))));
		content = (await assembleReport(engine, { period: PERIOD, generatedAt: GENERATED }))!;
	});
	afterAll(() => engine.close());

	it('has every section, in order, for the chosen period', () => {
		expect(content.period.label).toBe('Apr–Sep 2026');
		expect(content.partnership).toBe('Northbrook');
		expect(content.sections.map((s) => s.id)).toEqual(SECTION_IDS.filter((id) => id !== 'method'));
		expect(content.methodNotes.length).toBeGreaterThan(5);
		expect(content.sources.length).toBeGreaterThan(5);
		// The samples have boundaries and no DfE file: a map, and a comparison that says why it is empty.
		const map = content.sections.find((s) => s.id === 'map')!.map!;
		expect(map.areas.length).toBe(20);
		expect(content.sections.find((s) => s.id === 'comparison')!.empty).toMatch(/No DfE/);
	});

	it('prints each table exactly as the measure catalogue’s board output', async () => {
		const outputs = await allMeasureRows(engine, { period: PERIOD, scheme: 'financial', filters: {} });
		let checked = 0;
		for (const s of content.sections) {
			for (const t of s.tables) {
				const output = outputs.find((o) => o.name === t.measure);
				if (!output) continue; // risk movement: checked below
				expect(t.rows).toEqual(boardRows(output.name, output.rows));
				checked++;
			}
		}
		expect(checked).toBeGreaterThanOrEqual(14);
	});

	it('uses the Summary page’s headline figures and words', async () => {
		const data = await summary(engine, { period: PERIOD, scheme: 'financial', today: PERIOD.end });
		expect(content.headlines).toEqual(summaryView(data!).headlines);
		expect(content.headlines[0].value).toBe('230');
	});

	it('shows no count from 1 to 5 anywhere, and the map no area under 10', () => {
		for (const text of figures(content)) {
			// A figure standing alone (not part of a date, a percentage or a longer number).
			for (const m of text.matchAll(/(?<![\d.,:%–-])\d[\d,]*(?![\d.,%])/g)) {
				const n = Number(m[0].replace(/,/g, ''));
				expect(n >= 1 && n <= 5 && !/ (months?|hours?|points?|or more times)/.test(text.slice(m.index!)), `"${text}"`).toBe(false);
			}
		}
		const map = content.sections.find((s) => s.id === 'map')!.map!;
		for (const a of map.areas) expect(a.value === null || a.value >= 10).toBe(true);
		expect(map.areas.some((a) => a.status === 'suppressed' && a.text === 'fewer than 10') || map.areas.every((a) => a.status === 'shown')).toBe(true);
	});

	it('keeps the narrative and checklist per period, cleaned of anything malformed', async () => {
		const draft = emptyDraft(PERIOD);
		draft.narrative.trend = 'Rising since the spring.';
		draft.checklist[1] = { status: 'partly', note: 'Monthly dashboard in place.' };
		draft.marking = 'OFFICIAL';
		await saveDraft(engine, draft);
		expect(await loadDraft(engine, PERIOD)).toEqual(draft);
		expect((await loadDraft(engine, parsePeriod('Oct–Mar 2025/26')!)).narrative).toEqual({});
		const cleaned = cleanDraft({ marking: '', checklist: [{ status: 'maybe', note: 3 }], narrative: { trend: 7 } }, PERIOD);
		expect(cleaned).toEqual(emptyDraft(PERIOD));
	});

	it('freezes a finalised report: more data later changes the live report, not the finalised one', async () => {
		const draft = await loadDraft(engine, PERIOD);
		const final = await finaliseReport(engine, content, draft, new Date('2026-11-28T11:00:00Z'));
		// More police referrals in the period arrive after the report went to the board.
		const header = readFileSync(join(DIR, 'police-cse-referrals.csv'), 'utf8').split('\n');
		const extra = header.slice(1, 400).map((l) => l.replace(/^([^,]*),/, 'X$1,')).join('\n');
		const result = await loadMapped(engine, { name: 'late-police.csv', bytes: new TextEncoder().encode(`${header[0]}\n${extra}\n`) }, POLICE_REFERRALS);
		expect(result.rowsLoaded).toBeGreaterThan(100);
		const live = (await assembleReport(engine, { period: PERIOD, generatedAt: GENERATED }))!;
		expect(live.sources.length).toBe(content.sources.length + 1);
		const reopened = await openFinalReport(engine, final.reportId);
		expect(reopened).toEqual(final);
		expect(reopened!.content).toEqual(content);
		expect(reopened!.draft.narrative.trend).toBe('Rising since the spring.');
		expect(await listFinalReports(engine)).toEqual([{ reportId: final.reportId, periodLabel: 'Apr–Sep 2026', finalisedAt: '2026-11-28T11:00:00' }]);
	});
});

describe('report helpers', () => {
	it('reads printed figures back as numbers, and withheld ones as null', () => {
		expect(printedNumber('1,234')).toBe(1234);
		expect(printedNumber('22%')).toBe(22);
		expect(printedNumber('5.1')).toBe(5.1);
		expect(printedNumber('c')).toBeNull();
		expect(printedNumber('–')).toBeNull();
		expect(printedNumber('')).toBeNull();
		expect(printedNumber(null)).toBeNull();
	});

	it('turns column keys into words', () => {
		expect(humanise('ratePer10k')).toBe('Rate per 10k');
		expect(humanise('time_period')).toBe('Time period');
	});
});

describe('the report’s comparison with England, with the real DfE factors file', () => {
	const DFE = resolve(process.cwd(), '..', 'shared', 'realdata', 'dfe', 'c3_factors_identified_at_end_of_assessment_2018_to_2025.csv');

	it('shows the latest year, areas across, every cell the catalogue’s board value', async () => {
		if (!existsSync(DFE)) return console.warn(`real data ${DFE} is absent (a fresh clone): nothing to check here`);
		const engine = await createNodeEngine();
		await loadSamples(engine, async (name) => new Uint8Array(readFileSync(join(DIR, name))));
		await loadDfeEes(engine, { name: 'c3.csv', bytes: new Uint8Array(readFileSync(DFE)) });
		const content = (await assembleReport(engine, { period: PERIOD, generatedAt: GENERATED }))!;
		const section = content.sections.find((s) => s.id === 'comparison')!;
		expect(section.empty).toBeUndefined();
		expect(section.sentences[0]).toMatch(/assessment episodes, not children/);
		const [table] = section.tables;
		expect(table.title).toBe('Factors identified at the end of assessment, year to 31 March 2025');
		// Northbrook (X06…) is not a real LA, so DfE has nothing for it; England is there.
		expect(table.columns.map((c) => c.label)).toEqual(['Factor', 'Northbrook', 'England']);
		const output = (await allMeasureRows(engine, { period: PERIOD, scheme: 'financial', filters: {} })).find((o) => o.name === 'published-comparison')!;
		const board = boardRows(output.name, output.rows);
		let cells = 0;
		for (const row of table.rows) {
			for (const column of table.columns.slice(1)) {
				const source = board.find((r) => r.timePeriod === '2025' && r.areaCode === column.key && r.measure?.replace(/_/g, ' ').toLowerCase() === row.factor?.toLowerCase());
				expect(row[column.key]).toBe(source?.value ?? '–');
				cells++;
			}
		}
		expect(cells).toBe(table.rows.length * 2);
		expect(table.rows.find((r) => r.factor === 'Child sexual exploitation')?.E92000001).toMatch(/^\d{1,3}(,\d{3})*$/);

		// Chosen neighbours join the table after England, in the order chosen.
		await saveComparisonNeighbours(engine, ['E06000034', 'E06000033']);
		const withNeighbours = (await assembleReport(engine, { period: PERIOD, generatedAt: GENERATED }))!;
		const [t2] = withNeighbours.sections.find((s) => s.id === 'comparison')!.tables;
		expect(t2.columns.map((c) => c.label)).toEqual(['Factor', 'Northbrook', 'England', 'Thurrock', 'Southend-on-Sea']);
		// Southend's published CSE factor count for the year to March 2025 (SOURCES.md): 85.
		expect(t2.rows.find((r) => r.factor === 'Child sexual exploitation')?.E06000033).toBe('85');
		await engine.close();
	});
});
