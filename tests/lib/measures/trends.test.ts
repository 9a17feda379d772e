import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { cohortSql } from '$lib/measures/cohort-sql';
import type { Filters } from '$lib/measures/filters';
import { monthLabel, monthsBetween, periodContaining } from '$lib/measures/periods';
import { RISK_LEVEL_LABELS, RISK_LEVEL_ORDER } from '$lib/measures/risk-levels';
import {
	EXPLOITATION_TYPE_LABELS,
	EXPLOITATION_TYPE_ORDER,
	monthlyByExploitationType,
	monthlyByRiskLevel,
	monthlyIncidence,
	periodIncidence,
	periodsEndingWith
} from '$lib/measures/trends';
import { loadProfileFixture } from './fixture-profile';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025
const RANGE = { from: '2025-03-01', to: '2025-10-31' }; // Mar … Oct 2025, eight months
const MONTHS = monthsBetween(RANGE.from, RANGE.to);

/* Which fixture records are active in which month (dated on or before the month's end, and dated in
 * or after it, closed in or after it, or open with no closure date):
 *   A Police 20 Apr, open ............ Apr–Oct      A CSC 1 Aug, open ...... Aug–Oct
 *   B CSC 15 Nov 2024, open .......... Mar–Oct      C Health 20 Jan, one-off  Jan only (none here)
 *   D Police 1 Dec 2024, closed 15 Apr Mar–Apr      E Voluntary 30 Sep ...... Sep
 *   F Police 1 Oct, open ............. Oct          G CSC 8 Aug, open ....... Aug–Oct
 *   H Police + Health 6 Jun, one-offs  Jun          I Voluntary 5 May, Police 25 May: May; Health 1 Sep: Sep
 *   K Education, closed 1 Mar ........ Mar          L Police closed Dec 2024: none; L CSC 15 Jul, open: Jul–Oct
 */

/** Incidence rows from [children, new] per month. */
const incidence = (counts: [number, number][]) =>
	MONTHS.map((month, i) => ({
		month,
		label: monthLabel(month),
		children: counts[i][0],
		newChildren: counts[i][1],
		continuingChildren: counts[i][0] - counts[i][1]
	}));

describe('Trend measures on the profile fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadProfileFixture(engine);
	});
	afterAll(() => engine.close());

	it('counts children month by month, new in the month of their first record with any agency', async () => {
		// Mar: B, D, K (none new). Apr: A (new, 20 Apr), B, D (closed 15 Apr, still active in April).
		// May: A, B, I (new, 5 May; A is continuing now). Jun: A, B, H (new). Jul: A, B, L (known since
		// June 2024: continuing although re-referred). Aug: A, B, G (new), L. Sep: A, B, E (new), G, I (back,
		// not new), L. Oct: A, B, F (new), G, L.
		expect(await monthlyIncidence.run(engine, RANGE)).toEqual(
			incidence([[3, 0], [3, 1], [3, 1], [3, 1], [3, 0], [4, 1], [6, 1], [5, 1]])
		);
	});

	it('applies the filters to each month', async () => {
		// Police records only: D (Mar–Apr), A's first record (Apr–Oct), I's May record, H's June record,
		// F (Oct). I is new in May though her first record was the Voluntary sector's: "new" is new to
		// the partnership.
		expect(await monthlyIncidence.run(engine, { ...RANGE, filters: { agency: ['Police'] } })).toEqual(
			incidence([[1, 0], [2, 1], [2, 1], [2, 1], [1, 0], [1, 0], [1, 0], [2, 1]])
		);
		// High at the latest assessment active in the month: Mar D; Apr A, D; May A (A's medium CSC record
		// starts in August); Jun A, H (same-day tie, high wins); Jul A, L; Aug–Oct L only (A is medium now).
		expect(await monthlyIncidence.run(engine, { ...RANGE, filters: { riskLevel: ['high'] } })).toEqual(
			incidence([[1, 0], [2, 1], [1, 0], [2, 1], [2, 0], [1, 0], [1, 0], [1, 0]])
		);
		// Aged 13–15 at the first assessment in the month (at the 1st of the month for a case carried in):
		// Mar: B 13, K 13 (born Nov 2011, 13 on 1 Mar); D is 16. Apr: A (15 on 20 Apr), B. May: A, B; I 17.
		// Jun: A, B, H (born Jun 2010: 15 on 6 Jun). Jul: A turns 16 on 1 Jul and leaves the band; B, L (15).
		// Aug, Sep: B, L (G and E are 12). Oct: B, F (14, new), L.
		expect(await monthlyIncidence.run(engine, { ...RANGE, filters: { ageBand: ['13-15'] } })).toEqual(
			incidence([[2, 0], [2, 1], [2, 0], [3, 1], [2, 0], [2, 0], [2, 0], [3, 1]])
		);
	});

	it('places each child at their latest risk level in each month', async () => {
		// [high, medium, low, none, not recorded] per month:
		// Mar: D high; B, K low. Apr: A, D high; B low. May: A high; I medium (both May records); B low.
		// Jun: A, H high; B low. Jul: A, L high; B low. Aug: L high; A medium (CSC, 1 Aug); B low; G none recorded.
		// Sep: L high; A, E medium; B low, I low (only her 1 Sep Health record is active in September); G.
		// Oct: L high; A medium; B, F low; G.
		const grid = [
			[1, 0, 2, 0, 0], [2, 0, 1, 0, 0], [1, 1, 1, 0, 0], [2, 0, 1, 0, 0],
			[2, 0, 1, 0, 0], [1, 1, 1, 0, 1], [1, 2, 2, 0, 1], [1, 1, 2, 0, 1]
		];
		const rows = await monthlyByRiskLevel.run(engine, RANGE);
		expect(rows).toEqual(
			MONTHS.flatMap((month, i) =>
				RISK_LEVEL_ORDER.map((level, j) => ({ month, label: monthLabel(month), level, levelLabel: RISK_LEVEL_LABELS[level], children: grid[i][j] }))
			)
		);
		expect(rows[0]).toEqual({ month: '2025-03-01', label: 'Mar 2025', level: 'high', levelLabel: 'High', children: 1 });
		// A child-level filter keeps only the children it selects: with risk = high, only the high column is left.
		const high = await monthlyByRiskLevel.run(engine, { ...RANGE, filters: { riskLevel: ['high'] } });
		expect(high.filter((r) => r.level === 'high').map((r) => r.children)).toEqual([1, 2, 1, 2, 2, 1, 1, 1]);
		expect(high.filter((r) => r.level !== 'high').every((r) => r.children === 0)).toBe(true);
	});

	it('counts a child once in each exploitation type they had in the month', async () => {
		// [cse, cce, both, other, not recorded] per month:
		// Mar: D, K cse; B cce. Apr: A, D cse; B cce. May: A, I cse (I's two May records count once); B cce.
		// Jun: A cse, B cce, and H in both (a cce record with Police, a cse record with Health the same day).
		// Jul: A cse; B, L cce. Aug: A cse (two cse records, once); B, L cce; G both.
		// Sep: A cse; B, L cce; G both; I other; E none recorded. Oct: A, F cse; B, L cce; G both.
		const grid = [
			[2, 1, 0, 0, 0], [2, 1, 0, 0, 0], [2, 1, 0, 0, 0], [2, 2, 0, 0, 0],
			[1, 2, 0, 0, 0], [1, 2, 1, 0, 0], [1, 2, 1, 1, 1], [2, 2, 1, 0, 0]
		];
		const expected = (g: number[][]) =>
			MONTHS.flatMap((month, i) =>
				EXPLOITATION_TYPE_ORDER.map((type, j) => ({ month, label: monthLabel(month), type, typeLabel: EXPLOITATION_TYPE_LABELS[type], children: g[i][j] }))
			);
		expect(await monthlyByExploitationType.run(engine, RANGE)).toEqual(expected(grid));
		// With agency = Police, only police records count: H appears under cce only in June (his cse record
		// was Health's). Mar D; Apr A, D; May A, I; Jul–Sep A; Oct A, F (all cse).
		const police = [
			[1, 0, 0, 0, 0], [2, 0, 0, 0, 0], [2, 0, 0, 0, 0], [1, 1, 0, 0, 0],
			[1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [1, 0, 0, 0, 0], [2, 0, 0, 0, 0]
		];
		expect(await monthlyByExploitationType.run(engine, { ...RANGE, filters: { agency: ['Police'] } })).toEqual(expected(police));
	});

	it('returns every month even when nobody is active, and nothing for an empty range', async () => {
		// Nobody has a record before June 2024.
		expect(await monthlyIncidence.run(engine, { from: '2024-01-15', to: '2024-02-10' })).toEqual([
			{ month: '2024-01-01', label: 'Jan 2024', children: 0, newChildren: 0, continuingChildren: 0 },
			{ month: '2024-02-01', label: 'Feb 2024', children: 0, newChildren: 0, continuingChildren: 0 }
		]);
		expect((await monthlyByRiskLevel.run(engine, { from: '2024-01-01', to: '2024-01-31' })).map((r) => r.children)).toEqual([0, 0, 0, 0, 0]);
		expect(await monthlyIncidence.run(engine, { from: '2025-05-01', to: '2025-04-30' })).toEqual([]);
	});

	it('counts each month exactly as the period cohort (cohortSql) counts that month, under every filter', async () => {
		// The monthly SQL restates cohort-sql.ts's rule; this keeps the two from drifting apart. For this
		// test only, add records at the edges of the rules (removed again at the end):
		await engine.exec(`
			INSERT INTO concerns (import_id, line, child_id, agency, identified_on, risk_level, sex, age_years, status, closed_on, home_area) VALUES
			-- age recorded, carried in: 12 on 15 Nov 2024, still 12 (not 13) until 15 Nov 2025
			(2, 1, 'M', 'CSC', DATE '2024-11-15', 'low', NULL, 12, 'open', NULL, NULL),
			-- age 14 on 10 Mar 2024, carried in: 14 on 1 Mar 2025, 15 from 1 Apr 2025
			(2, 2, 'M2', 'CSC', DATE '2024-03-10', 'medium', NULL, 14, 'open', NULL, NULL),
			-- home area recorded as the ward itself
			(2, 3, 'N', 'Police', DATE '2025-05-03', 'low', 'female', NULL, 'open', NULL, 'X05000001'),
			-- closed with no closure date: its own month only
			(2, 4, 'O', 'Health', DATE '2025-03-20', 'high', NULL, NULL, 'closed', NULL, NULL),
			-- no status but a closure date: active until the closure month
			(2, 5, 'P', 'Voluntary', DATE '2025-06-20', NULL, 'male', NULL, NULL, DATE '2025-08-05', NULL),
			-- closed before it was dated (bad data): its own month only
			(2, 6, 'Q', 'CSC', DATE '2025-07-10', 'none', NULL, NULL, 'closed', DATE '2025-06-01', NULL),
			-- "open" with a closure date: the closure date wins
			(2, 7, 'R', 'Police', DATE '2025-04-30', 'medium', NULL, NULL, 'open', DATE '2025-09-30', NULL),
			-- a later "unknown" sex and the same-day tie with a null level
			(2, 8, 'S', 'Police', DATE '2025-05-01', 'high', 'female', NULL, NULL, NULL, NULL),
			(2, 9, 'S', 'Health', DATE '2025-06-01', NULL, 'unknown', NULL, NULL, NULL, NULL),
			(2, 10, 'S', 'CSC', DATE '2025-06-01', 'low', NULL, NULL, NULL, NULL, NULL);
		`);
		try {
			await compareWithCohortSql();
		} finally {
			await engine.exec(`DELETE FROM concerns WHERE import_id = 2`);
		}
	}, 180_000);

	async function compareWithCohortSql() {
		const filterSets: Filters[] = [
			{},
			{ agency: ['Police'] },
			{ exploitationType: ['cce'] },
			{ ward: ['X05000001'] },
			{ riskLevel: ['high'] },
			{ riskLevel: ['not_recorded'] },
			{ ageBand: ['13-15'] },
			{ ageBand: ['16-17', 'unknown'] },
			{ ageBand: ['0-12'] },
			{ agency: ['Health', 'Voluntary'] },
			{ sex: ['male'] },
			{ sex: ['unknown'] },
			{ ethnicGroup: ['white', 'mixed'] },
			{ agency: ['Police', 'CSC'], riskLevel: ['high', 'medium'], sex: ['female'] }
		];
		for (const filters of filterSets) {
			const monthly = await monthlyIncidence.run(engine, { ...RANGE, filters });
			const levels = await monthlyByRiskLevel.run(engine, { ...RANGE, filters });
			const types = await monthlyByExploitationType.run(engine, { ...RANGE, filters });
			for (const month of MONTHS) {
				const end = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
				const { sql, params } = cohortSql({ start: month, end }, filters);
				// One query per month and filter set: the cohort's counts, by level, and by type.
				const [cohort] = await engine.query<{
					children: number;
					newChildren: number;
					levels: { level: string; children: number }[] | null;
					types: { type: string; children: number }[] | null;
				}>(
					`WITH ${sql},
					by_level AS (SELECT coalesce(risk_level, 'not_recorded') AS level, count(*)::INTEGER AS children FROM cohort GROUP BY ALL),
					by_type AS (
						SELECT coalesce(a.exploitation_type, 'not_recorded') AS type, count(DISTINCT a.child_id)::INTEGER AS children
						FROM active a JOIN cohort c USING (child_id) GROUP BY ALL
					)
					SELECT (SELECT count(*) FROM cohort)::INTEGER AS children,
					       (SELECT count(*) FILTER (WHERE is_new) FROM cohort)::INTEGER AS "newChildren",
					       (SELECT list({'level': level, 'children': children}) FROM by_level) AS levels,
					       (SELECT list({'type': type, 'children': children}) FROM by_type) AS types`,
					params
				);
				const counts = { children: cohort.children, newChildren: cohort.newChildren };
				const byLevel = cohort.levels ?? [];
				const byType = cohort.types ?? [];
				const where = `${month} ${JSON.stringify(filters)}`;
				const m = monthly.find((r) => r.month === month)!;
				expect({ children: m.children, newChildren: m.newChildren }, where).toEqual(counts);
				for (const r of levels.filter((x) => x.month === month)) {
					expect(r.children, `${where} ${r.level}`).toBe(byLevel.find((x) => x.level === r.level)?.children ?? 0);
				}
				for (const r of types.filter((x) => x.month === month)) {
					expect(r.children, `${where} ${r.type}`).toBe(byType.find((x) => x.type === r.type)?.children ?? 0);
				}
			}
		}
	}

	it('gives six-monthly incidence beside the previous period and the year before, with rates per 10,000', async () => {
		const periods = periodsEndingWith(CURRENT, 3);
		expect(periods.map((p) => p.label)).toEqual(['Apr–Sep 2024', 'Oct 2024–Mar 2025', 'Apr–Sep 2025']);
		// Apr–Sep 2024: L (first record 10 Jun 2024, new). Nobody before it.
		// Oct 2024–Mar 2025: B, C, D, K new; L continuing (closed 20 Dec, after the start) = 5.
		// Apr–Sep 2025: A, B, D, E, G, H, I, L = 8; new A, E, G, H, I = 5; continuing B, D, L = 3.
		// Denominator: mid-2024 for the first two (reporting years ending March 2025); mid-2025 for the last,
		// not loaded, so the nearest earlier, mid-2024: 6,000 children (see fixture.ts's population test).
		// Rates: 1/6,000 × 10,000 = 1.67 → 1.7; 5 → 8.33 → 8.3; 8 → 13.33 → 13.3.
		const common = { population: 6000, populationYear: 2024 };
		expect(await periodIncidence.run(engine, { periods })).toEqual([
			{ period: 'Apr–Sep 2024', start: '2024-04-01', end: '2024-09-30', children: 1, newChildren: 1, continuingChildren: 0,
			  previousChildren: 0, yearEarlierChildren: 0, ...common, ratePer10k: 1.7 },
			{ period: 'Oct 2024–Mar 2025', start: '2024-10-01', end: '2025-03-31', children: 5, newChildren: 4, continuingChildren: 1,
			  previousChildren: 1, yearEarlierChildren: 0, ...common, ratePer10k: 8.3 },
			{ period: 'Apr–Sep 2025', start: '2025-04-01', end: '2025-09-30', children: 8, newChildren: 5, continuingChildren: 3,
			  previousChildren: 5, yearEarlierChildren: 1, ...common, ratePer10k: 13.3 }
		]);
		// Order and repeats in the request do not matter: rows come oldest first, once each.
		const shuffled = await periodIncidence.run(engine, { periods: [periods[2], periods[0], periods[2]] });
		expect(shuffled.map((r) => r.period)).toEqual(['Apr–Sep 2024', 'Apr–Sep 2025']);
	});

	it('applies filters to the six-monthly counts, and withholds the rate for a subgroup', async () => {
		const periods = periodsEndingWith(CURRENT, 3);
		// Police only: Apr–Sep 2024 L; Oct 2024–Mar 2025 D (new), L (closed 20 Dec); Apr–Sep 2025 A, H, I new
		// and D continuing. Rates 1.7, 2/6,000 → 3.3, 4/6,000 → 6.7: an agency filter keeps the rate.
		const police = await periodIncidence.run(engine, { periods, filters: { agency: ['Police'] } });
		expect(police.map((r) => [r.children, r.newChildren, r.continuingChildren, r.previousChildren, r.yearEarlierChildren, r.ratePer10k])).toEqual([
			[1, 1, 0, 0, 0, 1.7],
			[2, 1, 1, 1, 0, 3.3],
			[4, 3, 1, 2, 1, 6.7]
		]);
		// Girls only: Apr–Sep 2024 none (L is a boy); Oct 2024–Mar 2025 C, K; Apr–Sep 2025 A, I. The
		// denominator is all children 0–17, so no rate is given for a subgroup.
		const girls = await periodIncidence.run(engine, { periods, filters: { sex: ['female'] } });
		expect(girls.map((r) => [r.children, r.newChildren, r.previousChildren, r.yearEarlierChildren, r.ratePer10k, r.population])).toEqual([
			[0, 0, 0, 0, null, 6000],
			[2, 2, 0, 0, null, 6000],
			[2, 2, 2, 0, null, 6000]
		]);
	});
});
