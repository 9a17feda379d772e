import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { COMPLETENESS_FIELDS, agencyGaps, fieldCompleteness, rejectedByFile, type CompletenessField } from '$lib/measures/data-quality';
import { periodContaining } from '$lib/measures/periods';
import { loadRiskFixture } from './fixture-risks';

const CURRENT = periodContaining('2025-04-01'); // Apr–Sep 2025
const PREVIOUS = periodContaining('2024-10-01'); // Oct 2024–Mar 2025

/** Rows for one agency from its record count and the filled count of each field, in field order. */
const agencyRows = (agency: string, records: number, filled: number[]) =>
	COMPLETENESS_FIELDS.map((field: CompletenessField, i) => ({ agency, field, records, filled: filled[i] }));

const MONTHS_CURRENT = ['2025-04-01', '2025-05-01', '2025-06-01', '2025-07-01', '2025-08-01', '2025-09-01'];
const MONTHS_PREVIOUS = ['2024-10-01', '2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01', '2025-03-01'];
const monthRows = (agency: string, months: string[], records: number[]) =>
	months.map((month, i) => ({ agency, month, records: records[i] }));

describe('Data quality on the hand-made fixture', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadRiskFixture(engine);
	});
	afterAll(() => engine.close());

	it('measures each field\'s completeness by agency, for records dated in the period', async () => {
		// Field order: identified_on, risk_level, sex, birth_month_or_age, ethnic_group, home_area, looked_after, exploitation_type.
		expect(await fieldCompleteness.run(engine, CURRENT)).toEqual([
			// CSC: K2 (20 May) only; K6's records are dated Jan 2025 and Oct 2024. K2 is complete.
			...agencyRows('CSC', 1, [1, 1, 1, 1, 1, 1, 1, 1]),
			// Education: K4's record has only a date, a home area and its flags.
			...agencyRows('Education', 1, [1, 0, 0, 0, 0, 1, 0, 0]),
			// Health: K3 (K7's is in March): age recorded, no ethnic group, no home area; looked after "no" is filled.
			...agencyRows('Health', 1, [1, 1, 1, 1, 0, 0, 1, 1]),
			// Police: K1 complete; K4 has no month of birth or age and "unknown" ethnic group. K8's is in October.
			...agencyRows('Police', 2, [2, 2, 2, 1, 1, 2, 2, 2]),
			// Voluntary: K5: no risk level, sex "unknown" (not filled), age 14, looked-after blank.
			...agencyRows('Voluntary', 1, [1, 0, 0, 1, 1, 1, 0, 1])
		]);
	});

	it('lists an agency with nothing in the period at 0 records, and applies the agency filter', async () => {
		// Previous period: Health has K7 (1 Mar: date and risk level only); Police sent nothing dated then.
		expect(await fieldCompleteness.run(engine, { ...PREVIOUS, filters: { agency: ['Police', 'Health'] } })).toEqual([
			...agencyRows('Health', 1, [1, 1, 0, 0, 0, 0, 0, 0]),
			...agencyRows('Police', 0, [0, 0, 0, 0, 0, 0, 0, 0])
		]);
	});

	it('shows each file\'s rejected rows and the top reason codes', async () => {
		// Import 1's rejected rows: line 3 {REQ01}, line 7 {REQ01 twice, DAT01}, line 9 {COD01}, line 12 {DAT01}.
		// Per code, rows having it: DAT01 2, REQ01 2 (line 7 once), COD01 1. Ties go by code: DAT01 before REQ01.
		const files = await rejectedByFile.run(engine);
		expect(files).toEqual([
			{ importId: 1, fileName: 'concerns-2025.csv', agency: 'Police', kind: 'concerns', read: 14, loaded: 10, rejected: 4,
			  reasons: [{ code: 'DAT01', rows: 2 }, { code: 'REQ01', rows: 2 }, { code: 'COD01', rows: 1 }] },
			{ importId: 2, fileName: 'missing-2025.csv', agency: 'CSC', kind: 'missing_episodes', read: 8, loaded: 8, rejected: 0, reasons: [] },
			{ importId: 3, fileName: 'c3_factors_2018_to_2024.csv', agency: 'Department for Education', kind: 'published_stats',
			  read: 10, loaded: 9, rejected: 1, reasons: [{ code: 'NUM01', rows: 1 }] },
			{ importId: 4, fileName: 'c3_factors_2024_revised.csv', agency: 'Department for Education', kind: 'published_stats',
			  read: 1, loaded: 1, rejected: 0, reasons: [] }
		]);
		expect(files.every((f) => f.read === f.loaded + f.rejected)).toBe(true);
		// Only the top 2 codes.
		const top2 = await rejectedByFile.run(engine, { top: 2 });
		expect(top2[0].reasons).toEqual([{ code: 'DAT01', rows: 2 }, { code: 'REQ01', rows: 2 }]);
	});

	it('shows every agency in every month of the period, 0 where it sent nothing', async () => {
		// Agencies with any concern record: CSC, Education, Health, Police, Voluntary.
		expect(await agencyGaps.run(engine, CURRENT)).toEqual([
			...monthRows('CSC', MONTHS_CURRENT, [0, 1, 0, 0, 0, 0]), // K2 20 May
			...monthRows('Education', MONTHS_CURRENT, [0, 0, 0, 0, 1, 0]), // K4 1 Aug
			...monthRows('Health', MONTHS_CURRENT, [0, 0, 1, 0, 0, 0]), // K3 15 Jun
			...monthRows('Police', MONTHS_CURRENT, [1, 0, 0, 1, 0, 0]), // K1 10 Apr, K4 1 Jul (K8 2 Oct is after)
			...monthRows('Voluntary', MONTHS_CURRENT, [0, 0, 0, 0, 0, 1]) // K5 30 Sep, the last day
		]);
		// Previous period, CSC and Police only: CSC has K6's cases of 1 Oct 2024 and 15 Jan 2025; Police nothing at all.
		expect(await agencyGaps.run(engine, { ...PREVIOUS, filters: { agency: ['CSC', 'Police'] } })).toEqual([
			...monthRows('CSC', MONTHS_PREVIOUS, [1, 0, 0, 1, 0, 0]),
			...monthRows('Police', MONTHS_PREVIOUS, [0, 0, 0, 0, 0, 0])
		]);
	});
});
