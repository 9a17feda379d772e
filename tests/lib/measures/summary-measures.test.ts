import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { childrenAtRisk } from '$lib/measures/children-at-risk';
import { childrenByRiskLevel } from '$lib/measures/risk-levels';
import { childPopulation } from '$lib/measures/child-population';
import { monthlyTrend } from '$lib/measures/monthly-trend';
import { summary } from '$lib/measures/summary';
import { periodContaining } from '$lib/measures/periods';
import { loadFixture } from './fixture';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025
const PREVIOUS = periodContaining('2024-10-01'); // Oct 2024–Mar 2025

describe('Summary measures on the hand-made fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadFixture(engine);
	});
	afterAll(() => engine.close());

	it('counts each child once per period, new vs continuing', async () => {
		// Current cohort: A, B (open case), D (closed 15 Apr, after the start), E, G, H = 6. F is after the end, C before.
		// New (first record in the period): A, E, G, H = 4. Continuing: B, D = 2.
		// Known to more than one agency: A (Police, CSC), H (Police, Health) = 2.
		// Looked after: A = 1. Went missing: D (episode on 3 Jun) and E (flag) = 2.
		expect(await childrenAtRisk.run(engine, CURRENT)).toEqual({
			children: 6, newChildren: 4, continuingChildren: 2, multiAgencyChildren: 2, lookedAfter: 1, wentMissing: 2
		});
		// Previous cohort: B, C, D = 3, all first seen in that period. C's missing episode (1 Feb) counts.
		expect(await childrenAtRisk.run(engine, PREVIOUS)).toEqual({
			children: 3, newChildren: 3, continuingChildren: 0, multiAgencyChildren: 0, lookedAfter: 0, wentMissing: 1
		});
	});

	it('places each child at the level of their latest assessment in the period', async () => {
		// A: latest is 1 Jul, medium. B: low. D: high. E: medium. G: not recorded. H: same-day tie, high wins.
		expect(await childrenByRiskLevel.run(engine, CURRENT)).toEqual([
			{ level: 'high', children: 2 },
			{ level: 'medium', children: 2 },
			{ level: 'low', children: 1 },
			{ level: 'none', children: 0 },
			{ level: 'not_recorded', children: 1 }
		]);
	});

	it('finds the 0–17 population, preferring an exact band and falling back to the nearest earlier year', async () => {
		// 2025 is asked for but only 2023 and 2024 are loaded: use 2024.
		// X01000001: 0–9 (1,000) + 10–17 (2,000); the 18–24 band is outside 0–17. X01000002: the exact 0–17 band
		// (3,000) wins over its sub-bands. Total 6,000. Another LA's row (X06000098, from a national file, with no
		// areas of its own loaded) is not the partnership's and is left out.
		expect(await childPopulation.run(engine, { year: 2025 })).toEqual({ children: 6000, ages: [0, 17], year: 2024, requestedYear: 2025 });
		// Before any loaded year, use the earliest: 2023 has only X01000001's 5,000.
		expect(await childPopulation.run(engine, { year: 2020 })).toEqual({ children: 5000, ages: [0, 17], year: 2023, requestedYear: 2020 });
	});

	it('counts children month by month', async () => {
		const trend = await monthlyTrend.run(engine, { from: '2025-04-01', to: '2025-06-30' });
		// April: B (open) and D (closed 15 Apr) = 2, none new. May: A (new, 10 May) and B = 2; D closed in April.
		// June: A, B, H (new) = 3; D's missing episode does not make D active.
		expect(trend).toEqual([
			{ month: '2025-04-01', children: 2, newChildren: 0 },
			{ month: '2025-05-01', children: 2, newChildren: 1 },
			{ month: '2025-06-01', children: 3, newChildren: 1 }
		]);
	});

	it('assembles the Summary for the latest complete period with rates per 10,000', async () => {
		// Latest data is F on 1 Oct 2025; on 28 Nov 2025 Oct 2025–Mar 2026 is not over, so Apr–Sep 2025 is reported.
		const s = await summary(engine, { today: '2025-11-28' });
		expect(s?.partnershipName).toBe('Testshire');
		expect(s?.current.period.label).toBe('Apr–Sep 2025');
		expect(s?.previous.period.label).toBe('Oct 2024–Mar 2025');
		expect(s?.yearEarlier.period.label).toBe('Apr–Sep 2024');
		// 6 children / 6,000 × 10,000 = 10.0; previous 3 / 6,000 × 10,000 = 5.0.
		expect(s?.current.ratePer10k).toBe(10);
		expect(s?.previous.ratePer10k).toBe(5);
		// A year earlier nobody was active (the first record is 15 Nov 2024).
		expect(s?.yearEarlier.cohort.children).toBe(0);
		// The trend starts at the first data (15 Nov 2024 → November) and ends with the period.
		expect(s?.trend[0].month).toBe('2024-11-01');
		expect(s?.trend.at(-1)?.month).toBe('2025-09-01');
	});
});
