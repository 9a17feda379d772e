/**
 * The derived cohort tables (cohort-tables.ts) must give exactly the figures of the direct SQL:
 * for every period of both schemes and every month the fixture covers, with child-level filters,
 * and again after the data change (rows added as by an import, removed as by a removal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { childrenAtRisk } from '$lib/measures/children-at-risk';
import { childrenByRiskLevel } from '$lib/measures/risk-levels';
import { monthlyTrend } from '$lib/measures/monthly-trend';
import { childrenByAgeBand, childrenBySex, childrenByDisability } from '$lib/measures/profile';
import { agencyOverlap } from '$lib/measures/agencies';
import { monthlyByExploitationType, monthlyByRiskLevel, monthlyIncidence, periodIncidence } from '$lib/measures/trends';
import { cohortTable, dataChanged, useCohortTables } from '$lib/measures/cohort-tables';
import { periodContaining, shiftPeriod, type Period, type PeriodScheme } from '$lib/measures/periods';
import type { Filters } from '$lib/measures/filters';
import { loadProfileFixture } from './fixture-profile';

/** Every figure the derived tables feed, for periods and months around the fixture's dates. */
async function figures(engine: Engine) {
	const out: unknown[] = [];
	const filterSets: Filters[] = [{}, { riskLevel: ['medium', 'not_recorded'] }, { ageBand: ['13-15'], sex: ['female'] }, { agency: ['Police'] }];
	for (const scheme of ['financial', 'calendar'] as PeriodScheme[]) {
		// From well before the first record to after the last one (the last are served by the direct SQL).
		const periods: Period[] = Array.from({ length: 6 }, (_, i) => shiftPeriod(periodContaining('2024-01-01', scheme), i, scheme));
		for (const filters of filterSets) {
			for (const period of periods) {
				out.push(await childrenAtRisk.run(engine, { ...period, filters }));
				out.push(await childrenByRiskLevel.run(engine, { ...period, filters }));
			}
			out.push(await periodIncidence.run(engine, { periods, scheme, filters }));
		}
		out.push(await childrenByAgeBand.run(engine, periods[3]), await childrenBySex.run(engine, periods[3]), await childrenByDisability.run(engine, periods[3]), await agencyOverlap.run(engine, periods[3]));
	}
	for (const filters of filterSets) {
		const range = { from: '2024-01-15', to: '2026-02-01', filters };
		out.push(await monthlyIncidence.run(engine, range), await monthlyByRiskLevel.run(engine, range), await monthlyByExploitationType.run(engine, range));
	}
	out.push(await monthlyTrend.run(engine, { from: '2023-06-01', to: '2025-12-31' }));
	return out;
}

async function direct(engine: Engine) {
	useCohortTables(engine, false);
	try {
		return await figures(engine);
	} finally {
		useCohortTables(engine, true);
	}
}

describe('Derived cohort tables', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadProfileFixture(engine);
	});
	afterAll(() => engine.close());

	it('give the direct SQL’s figures for every period, month and filter', async () => {
		const expected = await direct(engine);
		expect(await figures(engine)).toEqual(expected);
		// They were used: both kinds are built, covering the data's first period or month to its last.
		const periods = await cohortTable(engine, 'financial');
		const months = await cohortTable(engine, 'months');
		expect(periods).toMatchObject({ fromDataStart: true });
		expect(months).toMatchObject({ fromDataStart: true });
		expect(months!.to >= '2025-10-01').toBe(true);
	});

	it('are rebuilt when records are added or removed (as by an import or a removal)', async () => {
		const before = await figures(engine);
		await engine.exec(`
			INSERT INTO concerns (import_id, line, child_id, agency, identified_on, risk_level, exploitation_type, status)
			VALUES (77, 1, 'NEW1', 'Police', DATE '2025-05-02', 'high', 'cse', 'open'),
			       (77, 2, 'B', 'Health', DATE '2025-06-10', 'high', NULL, NULL);
			INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, rows_read, rows_loaded, rows_rejected, imported_at)
			VALUES (77, 'more.csv', 'Police', 'concerns', 'abc', 2, 2, 0, TIMESTAMP '2025-10-02 10:00:00');`);
		const added = await direct(engine);
		expect(added).not.toEqual(before);
		expect(await figures(engine)).toEqual(added);

		await engine.exec(`DELETE FROM concerns WHERE import_id = 77; DELETE FROM imports WHERE import_id = 77;`);
		expect(await figures(engine)).toEqual(before);
	});

	it('are rebuilt after dataChanged even when the counts did not move', async () => {
		const before = await figures(engine);
		// A change the signature cannot see (the app never edits records in place; the workspace calls dataChanged anyway).
		await engine.exec(`UPDATE concerns SET risk_level = 'low' WHERE risk_level = 'high'`);
		dataChanged(engine);
		const changed = await figures(engine);
		expect(changed).not.toEqual(before);
		expect(changed).toEqual(await direct(engine));
	});
});
