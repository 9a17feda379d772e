import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadMapped } from '$lib/ingest/load-mapped';
import { looksLikeAddress } from '$lib/ingest/privacy';
import { ImportError } from '$lib/ingest/errors';
import type { Mapping } from '$lib/ingest/mapping';

const enc = (t: string) => new TextEncoder().encode(t);
const M = (dateFormat: Mapping['dateFormat']): Mapping => ({ name: 'm', agency: 'Police', target: 'concerns', dateFormat, header: [],
	fields: { child_id: { column: 'Child' }, identified_on: { column: 'Identified' } } });

describe('loader regressions (found in review)', () => {
	let engine: Engine;
	beforeAll(async () => { engine = await createNodeEngine(); });
	afterAll(() => engine.close());

	it('dmy reads dd/mm/yy as 20yy', async () => {
		// mapping.ts: dmy "also accepts dd/mm/yy". 01/02/24 is 1 Feb 2024.
		const r = await loadMapped(engine, { name: 'yy.csv', bytes: enc('Child,Identified\nA,01/02/24\n') }, M('dmy'), { today: '2026-11-28' });
		const rej = await engine.query(`SELECT line, reasons FROM rejected_rows WHERE import_id = ?`, [r.importId]);
		expect(rej).toEqual([]);
		expect(await engine.query(`SELECT identified_on FROM concerns WHERE import_id = ?`, [r.importId])).toEqual([{ identified_on: '2024-02-01' }]);
	});

	it('a huge Excel serial is a bad cell (DAT01), not a failed file', async () => {
		const r = await loadMapped(engine, { name: 'xl.csv', bytes: enc('Child,Identified\nA,45000\nB,123456789012\n') }, M('excel'), { today: '2026-11-28' });
		expect([r.rowsLoaded, r.rowsRejected]).toEqual([1, 1]);
	});

	it('a care leaver born in 1999 (age 24, inside the 0–25 age range) is not rejected', async () => {
		const m: Mapping = { ...M('dmy'), fields: { ...M('dmy').fields, birth_month: { column: 'Born', format: 'ym' }, age_years: { column: 'Age' } } };
		const r = await loadMapped(engine, { name: 'bm.csv', bytes: enc('Child,Identified,Born,Age\nA,01/02/2024,1999-05,24\n') }, m, { today: '2026-11-28' });
		expect(await engine.query(`SELECT reasons FROM rejected_rows WHERE import_id = ?`, [r.importId])).toEqual([]);
	});
});

describe('blank cells and long cells (found by the property tests)', () => {
	it('treats a cell holding only a tab or a line break as blank', { timeout: 60_000 }, async () => {
		const engine = await createNodeEngine();
		const r = await loadMapped(engine, { name: 'tab.csv', bytes: enc('Child,Identified\nA,01/02/2024\n\t,01/02/2024\n"\n",01/02/2024\n') }, M('dmy'), { today: '2026-11-28' });
		expect([r.rowsLoaded, r.rowsRejected]).toEqual([1, 2]);
		expect(await engine.query(`SELECT line, reasons FROM rejected_rows WHERE import_id = ? ORDER BY line`, [r.importId])).toEqual([
			{ line: 3, reasons: ['REQ01:child_id'] },
			{ line: 4, reasons: ['REQ01:child_id'] }
		]);
		await engine.close();
	});

	it('does not treat a long note as an address (and never runs the address patterns on it)', () => {
		// A 100,000-character cell used to take 15 s or more in the address pattern.
		expect(looksLikeAddress('x'.repeat(100_000))).toBe(false);
		expect(looksLikeAddress(`12 Station Road ${'x'.repeat(300)}`)).toBe(false);
		expect(looksLikeAddress('12 Station Road')).toBe(true);
	});
});
