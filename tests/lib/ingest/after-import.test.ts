import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import type { Engine } from '$lib/db/engine';
import { loadMapped } from '$lib/ingest/load-mapped';
import { loadAreaLookup } from '$lib/ingest/load-area-lookup';
import { dateFormatNotice, overlapNotice, unknownAreaNotice } from '$lib/ingest/after-import';
import { importFile, inspectFile } from '$lib/ingest/pipeline';
import { removeImport } from '$lib/ingest/remove-import';
import type { Mapping } from '$lib/ingest/mapping';

const enc = (t: string) => new TextEncoder().encode(t);
const MAPPING: Mapping = {
	name: 'After-import test', agency: 'Police', target: 'concerns', dateFormat: 'dmy', header: ['Child', 'Date', 'Area'],
	fields: { child_id: { column: 'Child' }, identified_on: { column: 'Date' }, home_area: { column: 'Area' } }
};
const load = (engine: Engine, name: string, text: string) => loadMapped(engine, { name, bytes: enc(text) }, MAPPING, { today: '2026-11-28' });

describe('checks after an import', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
		await loadAreaLookup(engine, {
			name: 'areas.csv',
			bytes: enc('area_code,area_name,ward_code,ward_name,la_code,la_name\nX01000001,A1,X05000001,W1,X06000001,Town\n')
		});
	});
	afterAll(() => engine.close());

	it('records the period a file covers', async () => {
		const r = await load(engine, 'jan.csv', 'Child,Date,Area\nA,05/01/2025,X01000001\nB,28/02/2025,X01000001\n');
		const [row] = await engine.query(`SELECT period_start, period_end FROM imports WHERE import_id = ?`, [r.importId]);
		expect(row).toEqual({ period_start: '2025-01-05', period_end: '2025-02-28' });
	});

	it('warns, without rejecting, about area codes that are not loaded', async () => {
		// Two of three rows name areas the lookup does not have; one row has no area at all.
		const r = await load(engine, 'areas-check.csv', 'Child,Date,Area\nC,01/03/2025,X01000001\nD,02/03/2025,X01999999\nE,03/03/2025,X01999999\nF,04/03/2025,\n');
		expect(r.rowsRejected).toBe(0);
		expect(await unknownAreaNotice(engine, r.importId, 'concerns')).toBe(
			'2 rows have area codes that are not in the loaded areas (for example X01999999). ' +
				'They are loaded and counted, but cannot be placed on a map until areas with those codes are loaded (AREA01, a warning).'
		);
	});

	it('names an earlier file from the same agency that covers the same period, and removing it takes out its rows', async () => {
		const older = await load(engine, 'q1-old.csv', 'Child,Date,Area\nG,10/04/2025,X01000001\nH,20/05/2025,X01000001\n');
		const newer = await load(engine, 'q1-new.csv', 'Child,Date,Area\nG,10/04/2025,X01000001\nH,20/05/2025,X01000001\nI,30/06/2025,X01000001\n');
		// Overlap: 10/04/2025 (the later start) to 20/05/2025 (the earlier end).
		expect(await overlapNotice(engine, newer.importId)).toContain('“q1-old.csv” (10/04/2025 to 20/05/2025)');
		await removeImport(engine, older.importId);
		expect(await overlapNotice(engine, newer.importId)).toBeNull();
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM concerns WHERE import_id = ?`, [older.importId]);
		expect(n).toBe(0);
		expect(await engine.query(`SELECT * FROM imports WHERE import_id = ?`, [older.importId])).toEqual([]);
	});

	it('says which date format a file is in when most rows are rejected for not being dates in the mapping\'s', async () => {
		const header = MAPPING.header;
		// ISO dates under a dd/mm/yyyy mapping: three of four rows rejected (one date is blank).
		const iso = await load(engine, 'iso.csv', 'Child,Date,Area\nJ,2025-07-01,X01000001\nK,2025-07-02,X01000001\nL,,X01000001\nM,2025-07-03,X01000001\n');
		expect(iso.rowsRejected).toBe(4);
		expect(await dateFormatNotice(engine, iso, MAPPING, header)).toBe(
			'3 of 4 rows were rejected because column "Date" is not a date in the mapping\'s format, dd/mm/yyyy. ' +
				'Its dates look like yyyy-mm-dd (for example "2025-07-01"): choose that date format with "Edit mapping and re-run", and the rows will load.'
		);
		// Fewer than half the rows: each rejected row says why, and no notice.
		const few = await load(engine, 'few.csv', 'Child,Date,Area\nN,01/07/2025,X01000001\nO,02/07/2025,X01000001\nP,2025-07-03,X01000001\n');
		expect(await dateFormatNotice(engine, few, MAPPING, header)).toBeNull();
		// Dates in no format it knows: nothing to suggest.
		const junk = await load(engine, 'junk.csv', 'Child,Date,Area\nQ,soon,X01000001\nR,later,X01000001\n');
		expect(await dateFormatNotice(engine, junk, MAPPING, header)).toBeNull();
		// Rejected in the mapping's own format (impossible dates): nothing to suggest either.
		const bad = await load(engine, 'bad.csv', 'Child,Date,Area\nS,31/02/2025,X01000001\nT,32/01/2025,X01000001\n');
		expect(bad.rowsRejected).toBe(2);
		expect(await dateFormatNotice(engine, bad, MAPPING, header)).toBeNull();
	});

	it('gives the date-format notice with the import of a mapped file', async () => {
		const file = { name: 'iso-import.csv', bytes: enc('Child,Date,Area\nU,2025-08-01,X01000001\nV,2025-08-02,X01000001\n') };
		const outcome = await importFile(engine, await inspectFile(engine, file), { mapping: MAPPING, today: '2026-11-28' });
		expect(outcome.result.rowsRejected).toBe(2);
		expect(outcome.notices.join(' ')).toMatch(/Its dates look like yyyy-mm-dd \(for example "2025-08-01"\)/);
	});
});
