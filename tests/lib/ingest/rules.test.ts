/**
 * Each validation rule, exercised through the real loader on a tiny hand-written CSV. Every
 * expected line and reason was worked out by hand from the rows; the reasoning sits beside them.
 * Line numbers are the file's: the header is line 1, so the first data row is line 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadMapped, type ImportResult } from '$lib/ingest/load-mapped';
import { RISK_PRESETS, type Mapping } from '$lib/ingest/mapping';
import { RULES } from '$lib/ingest/rules';

const TODAY = '2026-11-28';
const enc = (text: string) => new TextEncoder().encode(text);

/** A police-style concerns export, dates as dd/mm/yyyy. */
const CONCERNS: Mapping = {
	name: 'Rules test concerns',
	agency: 'Police',
	target: 'concerns',
	dateFormat: 'dmy',
	header: ['Child', 'Identified', 'Risk', 'Age', 'Score', 'Missing', 'Closed'],
	fields: {
		child_id: { column: 'Child' },
		identified_on: { column: 'Identified' },
		risk_level: { column: 'Risk', values: RISK_PRESETS['Low / Medium / High'] },
		risk_label: { column: 'Risk' },
		age_years: { column: 'Age' },
		risk_score: { column: 'Score' },
		flag_missing: { column: 'Missing' },
		closed_on: { column: 'Closed' }
	}
};
const CONCERNS_HEADER = CONCERNS.header.join(',');

const EPISODES: Mapping = {
	name: 'Rules test missing episodes',
	agency: "Children's social care",
	target: 'missing_episodes',
	dateFormat: 'dmy',
	header: ['Child', 'Start', 'End'],
	fields: {
		child_id: { column: 'Child' },
		started_at: { column: 'Start' },
		ended_at: { column: 'End' }
	}
};

describe('Validation rules, through the loader', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	async function load(name: string, lines: string[], mapping: Mapping = CONCERNS) {
		const text = lines.join('\n') + '\n';
		const result = await loadMapped(engine, { name, bytes: enc(text) }, mapping, { today: TODAY });
		const rejected = await engine.query<{ line: number; reasons: string[] }>(
			`SELECT line, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`,
			[result.importId]
		);
		return { result, rejected };
	}

	/** The import adds up, both in what the loader returns and in what it recorded. */
	async function expectAccounted(result: ImportResult, read: number, loaded: number) {
		expect(result.duplicate).toBe(false);
		expect(result.rowsRead).toBe(read);
		expect(result.rowsLoaded).toBe(loaded);
		expect(result.rowsRejected).toBe(read - loaded);
		expect(result.rowsRead).toBe(result.rowsLoaded + result.rowsRejected);
		const [recorded] = await engine.query<{ rows_read: number; rows_loaded: number; rows_rejected: number }>(
			`SELECT rows_read, rows_loaded, rows_rejected FROM imports WHERE import_id = ?`,
			[result.importId]
		);
		expect(recorded).toEqual({ rows_read: read, rows_loaded: loaded, rows_rejected: read - loaded });
	}

	async function concernsOf(importId: number) {
		return engine.query<Record<string, unknown>>(
			`SELECT line, child_id, agency, identified_on, risk_level, risk_label, age_years, risk_score, flag_missing, closed_on
			 FROM concerns WHERE import_id = ? ORDER BY line`,
			[importId]
		);
	}

	describe('REQ01 required field present', () => {
		it('rejects a row without a child or a date, and lists both when both are missing', async () => {
			const { result, rejected } = await load('req01.csv', [
				CONCERNS_HEADER,
				'A,01/02/2024,Low,12,,,', //          line 2: complete
				',01/02/2024,Low,12,,,', //           line 3: no child
				'B,,Low,12,,,', //                    line 4: no date (blank is not a parse failure, so no DAT01)
				'"   ",  ,Low,12,,,', //              line 5: spaces only count as empty after trimming
				'C,03/02/2024,,,,,' //                line 6: only the required fields; the rest may be blank
			]);
			expect(rejected).toEqual([
				{ line: 3, reasons: ['REQ01:child_id'] },
				{ line: 4, reasons: ['REQ01:identified_on'] },
				// Reasons follow RULES order, then the target's field order (child_id before identified_on).
				{ line: 5, reasons: ['REQ01:child_id', 'REQ01:identified_on'] }
			]);
			await expectAccounted(result, 5, 2);
			const rows = await concernsOf(result.importId);
			expect(rows.map((r) => [r.line, r.child_id, r.identified_on, r.agency])).toEqual([
				[2, 'A', '2024-02-01', 'Police'],
				[6, 'C', '2024-02-03', 'Police']
			]);
		});

		it('refuses a mapping that gives no column for a required field, before reading any row', async () => {
			const noChild: Mapping = { ...CONCERNS, name: 'No child column', fields: { identified_on: { column: 'Identified' } } };
			await expect(load('req01-mapping.csv', [CONCERNS_HEADER, 'A,01/02/2024,,,,,'], noChild)).rejects.toThrow(
				/does not say which column holds Child pseudonym/
			);
		});
	});

	describe('DAT01 dates parse', () => {
		it("rejects dates that do not exist or are not in the mapping's format", async () => {
			const { result, rejected } = await load('dat01.csv', [
				CONCERNS_HEADER,
				'A,29/02/2024,,,,,', //               line 2: 2024 is a leap year, so 29 Feb exists
				'B,31/02/2024,,,,,', //               line 3: there is no 31 February
				'C,2024-02-01,,,,,', //               line 4: ISO date in a dd/mm/yyyy file
				'D,01/02/2024,,,,,not a date', //    line 5: the optional close date is checked too
				'E,13/13/2024,,,,,31/04/2024' //     line 6: month 13, and April has 30 days: both reasons
			]);
			expect(rejected).toEqual([
				{ line: 3, reasons: ['DAT01:identified_on'] },
				{ line: 4, reasons: ['DAT01:identified_on'] },
				{ line: 5, reasons: ['DAT01:closed_on'] },
				{ line: 6, reasons: ['DAT01:identified_on', 'DAT01:closed_on'] }
			]);
			await expectAccounted(result, 5, 1);
			const rows = await concernsOf(result.importId);
			expect(rows.map((r) => [r.line, r.child_id, r.identified_on])).toEqual([[2, 'A', '2024-02-29']]);
		});
	});

	describe('DAT02 dates not in the future or before 2000', () => {
		it('rejects dates after today and before 1 Jan 2000, and accepts the boundaries', async () => {
			const { result, rejected } = await load('dat02.csv', [
				CONCERNS_HEADER,
				'A,28/11/2026,,,,,', //               line 2: today itself is not in the future
				'B,29/11/2026,,,,,', //               line 3: tomorrow
				'C,31/12/1999,,,,,', //               line 4: the day before 2000
				'D,01/01/2000,,,,,', //               line 5: the first plausible day
				'E,01/01/1900,,,,,01/01/2030' //     line 6: a placeholder date, and a close date in the future
			]);
			expect(rejected).toEqual([
				{ line: 3, reasons: ['DAT02:identified_on'] },
				{ line: 4, reasons: ['DAT02:identified_on'] },
				{ line: 6, reasons: ['DAT02:identified_on', 'DAT02:closed_on'] }
			]);
			await expectAccounted(result, 5, 2);
			const rows = await concernsOf(result.importId);
			expect(rows.map((r) => [r.line, r.identified_on])).toEqual([
				[2, '2026-11-28'],
				[5, '2000-01-01']
			]);
		});

		it('judges "the future" against the today it is given, not the clock', async () => {
			// 29/11/2026 was rejected above with today = 28 Nov 2026; with today = 1 Dec 2026 it is in the past.
			const text = `${CONCERNS_HEADER}\nB,29/11/2026,,,,,\n`;
			const result = await loadMapped(engine, { name: 'dat02-later.csv', bytes: enc(text) }, CONCERNS, { today: '2026-12-01' });
			await expectAccounted(result, 1, 1);
		});
	});

	describe('DAT03 missing episode ends after it starts', () => {
		it('rejects an episode ending before it starts; an open or zero-length episode is fine', async () => {
			const { result, rejected } = await load(
				'dat03.csv',
				[
					'Child,Start,End',
					'A,01/03/2024 10:00,01/03/2024 18:30', //   line 2: 8½ hours
					'B,01/03/2024 10:00,01/03/2024 09:59', //   line 3: ends a minute before it starts
					'C,02/03/2024,01/03/2024', //               line 4: ends the day before (dates only)
					'D,01/03/2024 10:00,', //                   line 5: still missing, no end
					'E,01/03/2024 10:00,01/03/2024 10:00', //   line 6: zero length is "not before"
					'F,01/03/2024 10:00,garbage' //             line 7: an unreadable end is DAT01, not DAT03 (NULL < start is not true)
				],
				EPISODES
			);
			expect(rejected).toEqual([
				{ line: 3, reasons: ['DAT03:ended_at'] },
				{ line: 4, reasons: ['DAT03:ended_at'] },
				{ line: 7, reasons: ['DAT01:ended_at'] }
			]);
			await expectAccounted(result, 6, 3);
			const rows = await engine.query(
				`SELECT line, child_id, agency, started_at, ended_at FROM missing_episodes WHERE import_id = ? ORDER BY line`,
				[result.importId]
			);
			expect(rows).toEqual([
				{ line: 2, child_id: 'A', agency: "Children's social care", started_at: '2024-03-01T10:00:00', ended_at: '2024-03-01T18:30:00' },
				{ line: 5, child_id: 'D', agency: "Children's social care", started_at: '2024-03-01T10:00:00', ended_at: null },
				{ line: 6, child_id: 'E', agency: "Children's social care", started_at: '2024-03-01T10:00:00', ended_at: '2024-03-01T10:00:00' }
			]);
		});

		it('does not apply to concern records (which have no start and end)', async () => {
			// A concern closed before it was identified is not a DAT03 failure: that rule is for episodes only.
			const { result, rejected } = await load('dat03-concerns.csv', [CONCERNS_HEADER, 'A,01/03/2024,,,,,01/02/2024']);
			expect(rejected).toEqual([]);
			await expectAccounted(result, 1, 1);
		});
	});

	describe('NUM01 numbers are numbers', () => {
		it('rejects text in a number column; blanks and surrounding spaces are fine', async () => {
			const { result, rejected } = await load('num01.csv', [
				CONCERNS_HEADER,
				'A,01/02/2024,,12,7.5,,', //          line 2: integer age, decimal score
				'B,01/02/2024,,twelve,,,', //         line 3: age in words
				'C,01/02/2024,,,n/a,,', //            line 4: "n/a" is not a score (leave it blank instead)
				'D,01/02/2024,,15 yrs,x,,', //        line 5: both numbers fail
				'E,01/02/2024,, 13 ,,,' //            line 6: spaces are trimmed
			]);
			expect(rejected).toEqual([
				{ line: 3, reasons: ['NUM01:age_years'] },
				{ line: 4, reasons: ['NUM01:risk_score'] },
				// risk_score precedes age_years in the concerns target's field order.
				{ line: 5, reasons: ['NUM01:risk_score', 'NUM01:age_years'] }
			]);
			await expectAccounted(result, 5, 2);
			const rows = await concernsOf(result.importId);
			expect(rows.map((r) => [r.line, r.age_years, r.risk_score])).toEqual([
				[2, 12, 7.5],
				[6, 13, null]
			]);
		});
	});

	describe('NUM02 numbers are plausible', () => {
		it('rejects ages of 26 and -1 and scores over 100; 0, 25 and 100 are fine', async () => {
			const { result, rejected } = await load('num02.csv', [
				CONCERNS_HEADER,
				'A,01/02/2024,,0,0,,', //             line 2: both at the bottom of their range
				'B,01/02/2024,,25,100,,', //          line 3: both at the top of their range
				'C,01/02/2024,,26,,,', //             line 4: age 26 is over 25
				'D,01/02/2024,,-1,,,', //             line 5: a negative age
				'E,01/02/2024,,,101,,' //             line 6: the risk score runs 0–100
			]);
			expect(rejected).toEqual([
				{ line: 4, reasons: ['NUM02:age_years'] },
				{ line: 5, reasons: ['NUM02:age_years'] },
				{ line: 6, reasons: ['NUM02:risk_score'] }
			]);
			await expectAccounted(result, 5, 2);
			const rows = await concernsOf(result.importId);
			expect(rows.map((r) => [r.line, r.age_years, r.risk_score])).toEqual([
				[2, 0, 0],
				[3, 25, 100]
			]);
		});

		it('does not also fire for a number that did not parse', async () => {
			// "abc" fails NUM01; its value is NULL, and NULL NOT BETWEEN 0 AND 25 is not true, so no NUM02.
			const { rejected } = await load('num02-null.csv', [CONCERNS_HEADER, 'A,01/02/2024,,abc,,,']);
			expect(rejected).toEqual([{ line: 2, reasons: ['NUM01:age_years'] }]);
		});
	});

	describe('COD01 coded values are in the mapping', () => {
		it('rejects an unknown risk label and an unknown yes/no, matching case-insensitively after trimming', async () => {
			const { result, rejected } = await load('cod01.csv', [
				CONCERNS_HEADER,
				'A,01/02/2024,High,,,Y,', //          line 2: known level, yes
				'B,01/02/2024,Critical,,,N,', //      line 3: "Critical" is not in the Low/Medium/High preset
				'C,01/02/2024, medium ,,,n,', //     line 4: case and spaces do not matter
				'D,01/02/2024,Low,,,maybe,', //       line 5: "maybe" is not a yes/no spelling
				'E,01/02/2024,,,,,', //               line 6: blanks are allowed
				'F,01/02/2024,no risk,,,not known,' // line 7: "no risk" → none; "not known" → recorded as unknown (NULL)
			]);
			expect(rejected).toEqual([
				{ line: 3, reasons: ['COD01:risk_level'] },
				{ line: 5, reasons: ['COD01:flag_missing'] }
			]);
			await expectAccounted(result, 6, 4);
			const rows = await concernsOf(result.importId);
			// risk_label keeps the agency's own words (trimmed); risk_level is the canonical level.
			expect(rows.map((r) => [r.line, r.risk_level, r.risk_label, r.flag_missing])).toEqual([
				[2, 'high', 'High', true],
				[4, 'medium', 'medium', false],
				[6, null, null, null],
				[7, 'none', 'no risk', null]
			]);
		});

		it('accepts the canonical codes themselves without being told', async () => {
			// risk_level's codes (none/low/medium/high) map to themselves even when the mapping lists other words.
			const plain: Mapping = { ...CONCERNS, name: 'Canonical codes', fields: { ...CONCERNS.fields, risk_level: { column: 'Risk', values: { serious: 'high' } } } };
			const { result, rejected } = await load('cod01-canonical.csv', [CONCERNS_HEADER, 'A,01/02/2024,Serious,,,,', 'B,01/02/2024,LOW,,,,', 'C,01/02/2024,Medium-ish,,,,'], plain);
			expect(rejected).toEqual([{ line: 4, reasons: ['COD01:risk_level'] }]);
			await expectAccounted(result, 3, 2);
			const rows = await concernsOf(result.importId);
			expect(rows.map((r) => r.risk_level)).toEqual(['high', 'low']);
		});
	});

	it('lists every failing rule for a row, in the published order', async () => {
		// One row breaking five rules at once: no child (REQ01), a closed date that is not a date (DAT01),
		// identified in 1999 (DAT02), age 30 (NUM02) and an unknown level (COD01).
		const { rejected } = await load('all-reasons.csv', [CONCERNS_HEADER, ',01/01/1999,Severe,30,,,soon']);
		expect(rejected).toEqual([
			{ line: 2, reasons: ['REQ01:child_id', 'DAT01:closed_on', 'DAT02:identified_on', 'NUM02:age_years', 'COD01:risk_level'] }
		]);
	});
	describe('DUP01 record IDs are unique within a file', () => {
		it('keeps the first row with a record ID and rejects its repeats; rows without an ID are not compared', async () => {
			const mapping: Mapping = { ...CONCERNS, header: ['Ref', 'Child', 'Identified'], fields: { record_id: { column: 'Ref' }, child_id: { column: 'Child' }, identified_on: { column: 'Identified' } } };
			const { result, rejected } = await load('dup01.csv', [
				'Ref,Child,Identified',
				'R1,A,01/02/2024', // line 2: first R1, kept
				'R2,B,01/02/2024', // line 3
				'R1,C,01/03/2024', // line 4: R1 again, rejected
				',D,01/03/2024', // line 5: no ID, kept
				',E,01/03/2024', // line 6: no ID, kept
				'R1,F,01/04/2024' // line 7: R1 a third time, rejected
			], mapping);
			await expectAccounted(result, 6, 4);
			expect(rejected).toEqual([
				{ line: 4, reasons: ['DUP01:record_id'] },
				{ line: 7, reasons: ['DUP01:record_id'] }
			]);
		});
	});
});

describe('The published list of rules', () => {
	it('gives every rule a unique code, a title, a message and advice', () => {
		expect(RULES.map((r) => r.code)).toEqual(['REQ01', 'DAT01', 'DAT02', 'DAT03', 'NUM01', 'NUM02', 'COD01', 'DUP01']);
		expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
		for (const rule of RULES) {
			expect(rule.code).toMatch(/^[A-Z]{3}\d{2}$/);
			for (const text of [rule.title, rule.message, rule.advice]) {
				expect(typeof text).toBe('string');
				expect(text.trim().length).toBeGreaterThan(5);
			}
			expect(typeof rule.check).toBe('function');
		}
		// Titles are headings on the Rules page: no two alike.
		expect(new Set(RULES.map((r) => r.title)).size).toBe(RULES.length);
	});
});
