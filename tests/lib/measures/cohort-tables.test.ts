/**
 * The derived cohort tables (cohort-tables.ts) must give exactly the figures of the direct SQL:
 * for every period of both schemes and every month the fixture covers, with child-level filters,
 * and again after the data change (rows added as by an import, removed as by a removal). Also:
 * a page call's scope looks once, figures kept per data change are forgotten exactly when the
 * tables are rebuilt, and a build prepared in the background takes the engine lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { exclusive } from '$lib/db/exclusive';
import { childrenAtRisk, childrenAtRiskIn } from '$lib/measures/children-at-risk';
import { childrenByRiskLevel, childrenByRiskLevelIn } from '$lib/measures/risk-levels';
import { monthlyTrend } from '$lib/measures/monthly-trend';
import { childrenByAgeBand, childrenBySex, childrenByDisability } from '$lib/measures/profile';
import { agencyOverlap } from '$lib/measures/agencies';
import { monthlyByExploitationType, monthlyByRiskLevel, monthlyIncidence, periodIncidence } from '$lib/measures/trends';
import { childPopulation, childPopulationIn } from '$lib/measures/child-population';
import { summary } from '$lib/measures/summary';
import { cohortScope, cohortTable, dataChanged, dropCohortTables, prepareCohortTables, useCohortTables } from '$lib/measures/cohort-tables';
import { periodContaining, shiftPeriod, type Period, type PeriodScheme } from '$lib/measures/periods';
import type { Filters } from '$lib/measures/filters';
import { loadProfileFixture } from './fixture-profile';

/**
 * Every figure the derived tables feed, for periods and months around the fixture's dates. `all`
 * false: the unfiltered figures and one child-level filter only, for the tests of when the tables
 * are rebuilt (the first test proves every filter against the direct SQL).
 */
async function figures(engine: Engine, all = true) {
	const out: unknown[] = [];
	const filterSets: Filters[] = all
		? [{}, { riskLevel: ['medium', 'not_recorded'] }, { ageBand: ['13-15'], sex: ['female'] }, { agency: ['Police'] }]
		: [{}, { riskLevel: ['high'] }];
	for (const scheme of ['financial', 'calendar'] as PeriodScheme[]) {
		// From well before the first record to after the last one (the last are served by the direct SQL).
		const periods: Period[] = Array.from({ length: 6 }, (_, i) => shiftPeriod(periodContaining('2024-01-01', scheme), i, scheme));
		for (const filters of filterSets) {
			if (all) {
				// Several periods in one query (the ones the tables cover), and one period at a time:
				// inside the data and after it.
				const covered = periods.slice(0, 5);
				out.push(await childrenAtRiskIn(engine, covered, filters), await childrenByRiskLevelIn(engine, covered, filters));
				for (const period of [periods[3], periods[5]]) {
					out.push(await childrenAtRisk.run(engine, { ...period, filters }), await childrenByRiskLevel.run(engine, { ...period, filters }));
				}
			}
			// Three periods the tables cover (with the ones before and a year earlier: one scan); the
			// whole run of six, past the data (one cohort at a time), unfiltered only: the direct SQL
			// takes about 50 ms a cohort here, and this was most of the file's time.
			const incidencePeriods = filters === filterSets[0] ? periods : periods.slice(2, 5);
			out.push(await periodIncidence.run(engine, { periods: incidencePeriods, scheme, filters }));
		}
		if (all) out.push(await childrenByAgeBand.run(engine, periods[3]), await childrenBySex.run(engine, periods[3]), await childrenByDisability.run(engine, periods[3]), await agencyOverlap.run(engine, periods[3]));
	}
	for (const filters of filterSets) {
		const range = { from: '2024-01-15', to: '2026-02-01', filters };
		out.push(await monthlyIncidence.run(engine, range), await monthlyByRiskLevel.run(engine, range), await monthlyByExploitationType.run(engine, range));
	}
	out.push(await monthlyTrend.run(engine, { from: '2023-06-01', to: '2025-12-31' }));
	return out;
}

/** The engine, with every statement it runs written to `log`. */
function logged(engine: Engine, log: string[]): Engine {
	return {
		...engine,
		query(sql, params) {
			log.push(sql);
			return engine.query(sql, params);
		},
		exec(sql) {
			log.push(sql);
			return engine.exec(sql);
		}
	} as Engine;
}
const looks = (log: string[]) => log.filter((q) => q.includes('duckdb_tables()')).length;
const builds = (log: string[]) => log.filter((q) => q.startsWith('CREATE OR REPLACE TEMP TABLE')).length;
const populationQueries = (log: string[]) => log.filter((q) => q.includes('by_year AS')).length;

async function direct(engine: Engine, all = true) {
	useCohortTables(engine, false);
	try {
		return await figures(engine, all);
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
		const before = await figures(engine, false);
		await engine.exec(`
			INSERT INTO concerns (import_id, line, child_id, agency, identified_on, risk_level, exploitation_type, status)
			VALUES (77, 1, 'NEW1', 'Police', DATE '2025-05-02', 'high', 'cse', 'open'),
			       (77, 2, 'B', 'Health', DATE '2025-06-10', 'high', NULL, NULL);
			INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, rows_read, rows_loaded, rows_rejected, imported_at)
			VALUES (77, 'more.csv', 'Police', 'concerns', 'abc', 2, 2, 0, TIMESTAMP '2025-10-02 10:00:00');`);
		const added = await direct(engine, false);
		expect(added).not.toEqual(before);
		expect(await figures(engine, false)).toEqual(added);

		await engine.exec(`DELETE FROM concerns WHERE import_id = 77; DELETE FROM imports WHERE import_id = 77;`);
		expect(await figures(engine, false)).toEqual(before);
	});

	it('are rebuilt after dataChanged even when the counts did not move', async () => {
		const before = await figures(engine, false);
		// A change the signature cannot see (the app never edits records in place; the workspace calls dataChanged anyway).
		await engine.exec(`UPDATE concerns SET risk_level = 'low' WHERE risk_level = 'high'`);
		try {
			dataChanged(engine);
			const changed = await figures(engine, false);
			expect(changed).not.toEqual(before);
			expect(changed).toEqual(await direct(engine, false));
		} finally {
			await engine.exec(`UPDATE concerns SET risk_level = 'high' WHERE child_id IN ('A', 'D', 'H', 'L') AND risk_level = 'low' AND agency IN ('Police', 'Health', 'CSC') AND identified_on IN (DATE '2025-04-20', DATE '2024-12-01', DATE '2025-06-06', DATE '2025-07-15')`);
			dataChanged(engine);
		}
	});
});

describe('A page call’s scope and the figures kept per data change', () => {
	let engine: Engine;
	const log: string[] = [];
	const today = '2026-01-15';
	beforeAll(async () => {
		const raw = await createNodeEngine();
		await loadProfileFixture(raw);
		engine = logged(raw, log);
	});
	afterAll(() => engine.close());

	it('looks at the derived tables once for a whole Summary, and gives the figures of separate lookups', async () => {
		const unscoped = await summary(engine, { today }); // builds the tables
		log.length = 0;
		const scoped = await summary(cohortScope(engine), { today });
		expect(scoped).toEqual(unscoped);
		expect(looks(log)).toBe(1);
		expect(builds(log)).toBe(0);
		// The Trends page's four measures together share one look too.
		log.length = 0;
		const page = cohortScope(engine);
		const range = { from: '2024-01-15', to: '2025-09-30', filters: { riskLevel: ['high'] } };
		const periods = Array.from({ length: 3 }, (_, i) => shiftPeriod(periodContaining('2024-10-01', 'financial'), i, 'financial'));
		const together = await Promise.all([
			monthlyIncidence.run(page, range),
			monthlyByRiskLevel.run(page, range),
			monthlyByExploitationType.run(page, range),
			periodIncidence.run(page, { periods, filters: range.filters })
		]);
		expect(looks(log)).toBe(1);
		expect(together).toEqual([
			await monthlyIncidence.run(engine, range),
			await monthlyByRiskLevel.run(engine, range),
			await monthlyByExploitationType.run(engine, range),
			await periodIncidence.run(engine, { periods, filters: range.filters })
		]);
	});

	it('asks for several years’ population in one query, with the figures of one query per year', async () => {
		const years = [2026, 2024, 2020, 2024];
		const one = await Promise.all(years.map((year) => childPopulation.run(engine, { year })));
		log.length = 0;
		expect(await childPopulationIn(engine, years)).toEqual(one);
		expect(populationQueries(log)).toBe(1);
	});

	it('keeps the population per data change inside scopes only, forgotten after dataChanged or a new import', async () => {
		dataChanged(engine); // forget what the earlier tests' page calls kept
		const expected = await childPopulation.run(engine, { year: 2025 });
		log.length = 0;
		expect(await childPopulation.run(cohortScope(engine), { year: 2025 })).toEqual(expected);
		expect(await childPopulationIn(cohortScope(engine), [2025, 2025])).toEqual([expected, expected]);
		expect(populationQueries(log)).toBe(1); // the second page call used the kept figure
		// Outside a scope (tests, the command line) it is always worked out.
		await childPopulation.run(engine, { year: 2025 });
		expect(populationQueries(log)).toBe(2);

		// A change the signature cannot see: forgotten because the workspace calls dataChanged.
		await engine.exec(`UPDATE population SET count = count + 1 WHERE area_code = 'X01000002' AND age_from = 0 AND age_to = 17`);
		dataChanged(engine);
		const changed = await childPopulation.run(cohortScope(engine), { year: 2025 });
		expect(changed.children).toBe(expected.children! + 1);
		expect(populationQueries(log)).toBe(3);

		// A population file imported (rows and an import): the signature moves, so it is worked out again.
		await engine.exec(`
			INSERT INTO population (import_id, line, area_code, year, age_from, age_to, count) VALUES (78, 1, 'X01000003', 2024, 0, 17, 500);
			INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, rows_read, rows_loaded, rows_rejected, imported_at)
			VALUES (78, 'pop.csv', NULL, 'population', 'def', 1, 1, 0, TIMESTAMP '2025-10-03 10:00:00');`);
		const imported = await childPopulation.run(cohortScope(engine), { year: 2025 });
		expect(imported).toEqual(await childPopulation.run(engine, { year: 2025 }));
		expect(imported.children).toBe(changed.children! + 500);
	});

	it('builds the tables ahead of the pages, under the engine lock, so a later page call finds them ready', async () => {
		dataChanged(engine);
		await dropCohortTables(engine);
		log.length = 0;
		// An import holds the lock: the build must wait for it.
		let release!: () => void;
		const importing = exclusive(() => new Promise<void>((r) => (release = r)));
		const preparing = prepareCohortTables(engine, ['months', 'financial']);
		await new Promise((r) => setTimeout(r, 50));
		expect(builds(log)).toBe(0);
		release();
		await importing;
		await preparing;
		expect(builds(log)).toBe(2);
		log.length = 0;
		const page = cohortScope(engine);
		expect(await cohortTable(page, 'financial')).not.toBeNull();
		expect(await cohortTable(page, 'months')).not.toBeNull();
		expect(builds(log)).toBe(0);
		expect(looks(log)).toBe(1);
	});

	it('never reads an older table after a rebuild failed (e.g. out of memory): the direct SQL answers until the data change', async () => {
		let failing = false;
		const flaky = {
			...engine,
			query(sql, params) {
				if (failing && sql.startsWith('CREATE OR REPLACE TEMP TABLE')) return Promise.reject(new Error('Out of Memory'));
				return engine.query(sql, params);
			}
		} as Engine;
		expect(await cohortTable(flaky, 'months')).not.toBeNull();
		const range = { from: '2024-01-15', to: '2025-12-31' };
		const before = await monthlyByRiskLevel.run(flaky, range);
		await engine.exec(`UPDATE concerns SET risk_level = 'low' WHERE child_id = 'A'`);
		try {
			dataChanged(flaky);
			failing = true;
			expect(await cohortTable(flaky, 'months')).toBeNull();
			expect(await cohortTable(flaky, 'months')).toBeNull(); // not retried, and the old table is not read
			const after = await monthlyByRiskLevel.run(flaky, range);
			expect(after).not.toEqual(before);
			expect(after).toEqual(await monthlyByRiskLevel.run(withoutTables(engine), range));
		} finally {
			await engine.exec(`UPDATE concerns SET risk_level = 'high' WHERE child_id = 'A' AND agency = 'Police'; UPDATE concerns SET risk_level = 'medium' WHERE child_id = 'A' AND agency = 'CSC'`);
		}
	});
});

/** A view of `engine` that always uses the direct SQL. */
function withoutTables(engine: Engine): Engine {
	const plain = { ...engine } as Engine;
	useCohortTables(plain, false);
	return plain;
}
