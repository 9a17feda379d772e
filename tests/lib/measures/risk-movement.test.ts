/**
 * Movement between risk levels on a small hand-made set of records.
 *
 * Previous period Oct 2024–Mar 2025, current Apr–Sep 2025. Cases are closed a day after they
 * are identified, so each record counts only in its own period.
 *
 * | child | previous (latest)   | current (latest)        | movement        |
 * |-------|---------------------|-------------------------|-----------------|
 * | M1    | low                 | high                    | escalated       |
 * | M2    | high                | medium (Jun), after high (May) | reduced  |
 * | M3    | medium              | medium                  | same            |
 * | M4    | —                   | low                     | new             |
 * | M5    | high                | —                       | left            |
 * | M6    | not recorded        | low                     | not comparable  |
 * | M7    | low, then high same day (Nov): high | high      | same            |
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { periodContaining, previousPeriod } from '$lib/measures/periods';
import { riskMovement, RISK_MOVEMENTS } from '$lib/measures/risk-movement';

const CURRENT = periodContaining('2025-04-01');
const PREVIOUS = previousPeriod(CURRENT);

const RECORDS: [string, string, string | null, string][] = [
	['M1', '2024-11-01', 'low', 'Police'],
	['M1', '2025-05-01', 'high', 'Police'],
	['M2', '2025-01-10', 'high', 'CSC'],
	['M2', '2025-05-01', 'high', 'CSC'],
	['M2', '2025-06-01', 'medium', 'CSC'],
	['M3', '2024-12-01', 'medium', 'Health'],
	['M3', '2025-07-01', 'medium', 'Health'],
	['M4', '2025-08-01', 'low', 'Police'],
	['M5', '2025-02-01', 'high', 'Police'],
	['M6', '2024-10-15', null, 'Education'],
	['M6', '2025-04-15', 'low', 'Education'],
	['M7', '2024-11-20', 'low', 'Police'],
	['M7', '2024-11-20', 'high', 'CSC'],
	['M7', '2025-09-01', 'high', 'CSC']
];

describe('riskMovement', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		for (const [i, [child, on, level, agency]] of RECORDS.entries()) {
			await engine.query(
				`INSERT INTO concerns (import_id, line, child_id, agency, identified_on, risk_level, status, closed_on)
				 VALUES (1, ?, ?, ?, ?::DATE, ?, 'closed', ?::DATE + 1)`,
				[i + 2, child, agency, on, level, on]
			);
		}
	});
	afterAll(() => engine.close());

	it('compares each child’s latest level with the period before', async () => {
		const rows = await riskMovement.run(engine, { current: CURRENT, previous: PREVIOUS });
		expect(rows.map((r) => r.movement)).toEqual(RISK_MOVEMENTS);
		expect(Object.fromEntries(rows.map((r) => [r.movement, r.children]))).toEqual({
			escalated: 1, // M1
			same: 2, // M3, M7 (same-day tie in the previous period goes to the higher level)
			reduced: 1, // M2
			new: 1, // M4
			not_comparable: 1, // M6
			left: 1 // M5
		});
	});

	it('applies the filters to both periods', async () => {
		const rows = await riskMovement.run(engine, { current: CURRENT, previous: PREVIOUS, filters: { agency: ['Police'] } });
		// Police only: M1 escalated; M4 new; M5 left; M7's Police record is only in the previous period (low): left.
		expect(Object.fromEntries(rows.map((r) => [r.movement, r.children]))).toEqual({
			escalated: 1, same: 0, reduced: 0, new: 1, not_comparable: 0, left: 2
		});
	});
});
