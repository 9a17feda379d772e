/**
 * `npm run cli -- measures`: every catalogued measure for a period, exact for the analyst and
 * suppressed for the board. Most checks run the command's own function on one engine holding the
 * sample partnership; the last runs the command as a user would, for the JSON and the exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { MEASURE_CATALOGUE } from '$lib/measures/catalogue';
import { childrenAtRisk } from '$lib/measures/children-at-risk';
import { childrenByAgeBand } from '$lib/measures/profile';
import { monthlyByRiskLevel, monthlyIncidence, TRENDS_MONTHS } from '$lib/measures/trends';
import { coreRiskPrevalence } from '$lib/measures/core-risks';
import { missingEpisodes } from '$lib/measures/missing';
import { monthsBack, parsePeriod } from '$lib/measures/periods';
import { measuresOptions, measuresOutput, type MeasuresOutput } from '../../src/cli/measures';

const SAMPLES = path.resolve('data-samples/northbrook');
/** A fixed "today", so the latest complete period does not move with the calendar. */
const TODAY = '2026-11-28';

/** Every figure in the output that is a count from 1 to 5, with where it is. */
function smallCounts(value: unknown, at = '$'): string[] {
	if (Array.isArray(value)) return value.flatMap((v, i) => smallCounts(v, `${at}[${i}]`));
	if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => smallCounts(v, `${at}.${k}`));
	const small = (n: number) => Number.isInteger(n) && n >= 1 && n <= 5;
	if (typeof value === 'number' && small(value)) return [`${at} = ${value}`];
	// Printed figures are text: "3" is a count of 3 (labels, dates, "12%" and "4.0" are not counts).
	if (typeof value === 'string' && /^\d+$/.test(value) && small(Number(value))) return [`${at} = "${value}"`];
	return [];
}

const rowsOf = (out: MeasuresOutput, name: string) => {
	const m = out.measures.find((x) => x.name === name);
	if (!m) throw new Error(`no measure ${name} in the output`);
	return m.rows;
};

describe('npm run cli -- measures', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadSamples(engine, async (name) => new Uint8Array(await readFile(path.join(SAMPLES, name))));
	});
	afterAll(() => engine.close());

	const run = (...args: string[]) => measuresOutput(engine, measuresOptions(['--today', TODAY, ...args]));

	it('prints every catalogued measure, each with its name, definition and rows', async () => {
		const out = await run();
		expect(out.measures.map((m) => m.name)).toEqual(MEASURE_CATALOGUE.map((e) => e.name));
		expect(new Set(out.measures.map((m) => m.name)).size).toBe(out.measures.length);
		for (const m of out.measures) {
			expect(Object.keys(m)).toEqual(['name', 'definition', 'rows']);
			expect(m.definition.length, m.name).toBeGreaterThan(40);
			expect(Array.isArray(m.rows), m.name).toBe(true);
		}
		// The sample partnership has data for everything but the DfE comparison (no DfE file in it).
		expect(out.measures.filter((m) => m.rows.length === 0).map((m) => m.name)).toEqual(['published-comparison']);
	});

	it('the analyst output holds the exact figures the measures compute', async () => {
		const out = await run('--period', 'Apr–Sep 2025');
		const period = parsePeriod('Apr–Sep 2025')!;
		const { period: label, ...cohort } = rowsOf(out, 'children-at-risk')[0];
		expect(label).toBe('Apr–Sep 2025');
		expect(cohort).toEqual(await childrenAtRisk.run(engine, period));
		expect(rowsOf(out, 'children-by-age-band')).toEqual(await childrenByAgeBand.run(engine, period));
		expect(rowsOf(out, 'core-risk-prevalence')).toEqual(await coreRiskPrevalence.run(engine, period));
		const range = { from: monthsBack(period.end, TRENDS_MONTHS), to: period.end };
		expect(rowsOf(out, 'monthly-incidence')).toEqual(await monthlyIncidence.run(engine, range));
		expect(rowsOf(out, 'monthly-by-risk-level')).toEqual(await monthlyByRiskLevel.run(engine, range));
		const missing = await missingEpisodes.run(engine, period);
		expect(rowsOf(out, 'missing-episodes')[0]).toMatchObject({ episodes: missing.episodes, children: missing.children, repeatChildren: missing.repeatChildren });
		expect(rowsOf(out, 'missing-episodes-by-type')).toEqual(missing.byType);
		expect(out.measures.find((m) => m.name === 'children-at-risk')!.definition).toBe(childrenAtRisk.definition);
		// Exact means exact: the sample data has small counts, and the analyst output shows them.
		expect(smallCounts(out.measures).length).toBeGreaterThan(10);
	});

	it('--board output of the sample data contains no count from 1 to 5 anywhere, in any period', async () => {
		for (const period of ['Oct 2023–Mar 2024', 'Apr–Sep 2024', 'Oct–Mar 2024/25', 'Apr–Sep 2025', 'Oct 2025–Mar 2026', 'Apr–Sep 2026']) {
			const out = await run('--board', '--period', period);
			expect(smallCounts(out), period).toEqual([]);
			// Suppression did something: cells are printed as c, and large counts still print.
			const printed = out.measures.flatMap((m) => m.rows.flatMap((r) => Object.values(r)));
			expect(printed.filter((v) => v === 'c').length, period).toBeGreaterThan(10);
			expect(rowsOf(out, 'children-at-risk')[0].children, period).toMatch(/^\d[\d,]*$/);
		}
	});

	it('--board prints the same figures as the exact output where they are not suppressed', async () => {
		const exact = await run('--period', 'Apr–Sep 2025');
		const board = await run('--period', 'Apr–Sep 2025', '--board');
		const e = rowsOf(exact, 'children-by-age-band');
		const b = rowsOf(board, 'children-by-age-band');
		e.forEach((row, i) => expect([String(row.children), 'c'], String(row.label)).toContain(b[i].children));
		// A small count is never printed as itself.
		e.forEach((row, i) => {
			if (Number(row.children) >= 1 && Number(row.children) <= 5) expect(b[i].children).toBe('c');
		});
		// The threshold can be raised: 1 to 9 hidden.
		const strict = await run('--period', 'Apr–Sep 2025', '--board', '--threshold', '10');
		expect(rowsOf(strict, 'children-by-age-band').map((r) => r.children)).not.toContain('6');
	});

	it('--period selects the period; --calendar reads calendar halves; the default is the latest complete period', async () => {
		const a = await run('--period', 'Apr-Sep 2024');
		expect(a.period).toEqual({ start: '2024-04-01', end: '2024-09-30', label: 'Apr–Sep 2024' });
		expect(rowsOf(a, 'children-at-risk')[0]).toMatchObject(await childrenAtRisk.run(engine, a.period));
		const b = await run('--period', 'Oct–Mar 2024/25');
		expect(b.period.label).toBe('Oct 2024–Mar 2025');
		expect(rowsOf(b, 'children-at-risk')[0].children).toBe((await childrenAtRisk.run(engine, b.period)).children);
		expect(rowsOf(b, 'children-at-risk')[0].children).not.toBe(rowsOf(a, 'children-at-risk')[0].children);
		const c = await run('--calendar', '--period', 'Jan–Jun 2025');
		expect(c.period).toEqual({ start: '2025-01-01', end: '2025-06-30', label: 'Jan–Jun 2025' });
		expect(c.scheme).toBe('calendar');
		expect((await run()).period.label).toBe('Apr–Sep 2026');
		expect((await run('--calendar')).period.label).toBe('Jan–Jun 2026');
		await expect(run('--period', 'Jan–Jun 2025')).rejects.toThrow(/calendar half: add --calendar/);
		await expect(run('--period', 'Apr–Sep 1999')).rejects.toThrow(/has no data/);
		await expect(run('--period', 'Spring 2025')).rejects.toThrow(/is not a financial-year six-month period/);
	});

	it('as a command: JSON on stdout, and an unknown period is a clear error with exit code 2', { timeout: 120_000 }, () => {
		const cli = (...args: string[]) => {
			try {
				return { out: execFileSync('npx', ['tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), err: '', code: 0 };
			} catch (e) {
				const x = e as { stdout: string; stderr: string; status: number };
				return { out: x.stdout, err: x.stderr, code: x.status };
			}
		};
		const ok = cli('measures', '--samples', '--board', '--period', 'Apr-Sep 2025', '--json');
		expect(ok.code).toBe(0);
		const json = JSON.parse(ok.out) as MeasuresOutput;
		expect(json.period.label).toBe('Apr–Sep 2025');
		expect(json.measures.map((m) => m.name)).toEqual(MEASURE_CATALOGUE.map((e) => e.name));
		expect(smallCounts(json)).toEqual([]);
		const bad = cli('measures', '--samples', '--period', 'Apr–Sep 2030', '--json');
		expect(bad.code).toBe(2);
		expect(bad.out).toBe('');
		expect(bad.err).toMatch(/Apr–Sep 2030 has no data: records run from .* Complete periods in the data: .*"Apr–Sep 2025"/);
	});
});
