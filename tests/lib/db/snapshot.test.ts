import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import { restoreSnapshot, takeSnapshot } from '$lib/db/snapshot';
import { SCHEMA_VERSION } from '$lib/db/schema';
import { loadSamples } from '$lib/ingest/load-samples';
import type { Engine } from '$lib/db/engine';

const SAMPLES = path.resolve('data-samples/northbrook');

/** Every table's rows, in a stable order, for comparing two stores. */
async function dump(engine: Engine): Promise<Record<string, unknown[]>> {
	const tables = await engine.query<{ name: string }>(
		`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_name <> 'meta' ORDER BY 1`
	);
	const out: Record<string, unknown[]> = {};
	for (const { name } of tables) out[name] = await engine.query(`SELECT * FROM "${name}" ORDER BY ALL`);
	return out;
}

describe('workspace snapshots', () => {
	it('round-trips every table exactly', { timeout: 60_000 }, async () => {
		const source = await createNodeEngine();
		await loadSamples(source, async (name) => new Uint8Array(await readFile(path.join(SAMPLES, name))));
		const snapshot = await takeSnapshot(source);
		expect(snapshot.manifest.schemaVersion).toBe(SCHEMA_VERSION);
		expect(snapshot.manifest.tables.find((t) => t.name === 'concerns')?.rows).toBeGreaterThan(1000);

		const target = await createNodeEngine();
		await restoreSnapshot(target, snapshot);
		expect(await dump(target)).toEqual(await dump(source));
		await source.close();
		await target.close();
	});

	it('leaves out temporary tables (working copies such as the derived cohort tables)', async () => {
		const engine = await createNodeEngine();
		await engine.exec(`INSERT INTO areas (area_code, level) VALUES ('X01000001', 'small_area')`);
		await engine.exec(`CREATE TEMP TABLE cohort_months AS SELECT 1 AS x`);
		const snapshot = await takeSnapshot(engine);
		const names = snapshot.manifest.tables.map((t) => t.name);
		expect(names).toContain('areas');
		expect(names).not.toContain('cohort_months');
		expect(Object.keys(snapshot.files)).not.toContain('cohort_months.arrow');
		const target = await createNodeEngine();
		await restoreSnapshot(target, snapshot);
		await engine.close();
		await target.close();
	});

	it('refuses a newer or damaged snapshot and changes nothing', async () => {
		const source = await createNodeEngine();
		await source.exec(`INSERT INTO areas (area_code, level) VALUES ('X01000001', 'small_area')`);
		const snapshot = await takeSnapshot(source);
		const target = await createNodeEngine();

		await expect(restoreSnapshot(target, { ...snapshot, manifest: { ...snapshot.manifest, schemaVersion: SCHEMA_VERSION + 1 } }))
			.rejects.toThrow(/newer version/);
		const damaged = { ...snapshot, manifest: { ...snapshot.manifest, tables: snapshot.manifest.tables.map((t) => (t.name === 'areas' ? { ...t, rows: 2 } : t)) } };
		await expect(restoreSnapshot(target, damaged)).rejects.toThrow(/damaged/);
		const missing = { ...snapshot, files: { ...snapshot.files, 'areas.arrow': undefined as unknown as Uint8Array } };
		await expect(restoreSnapshot(target, missing)).rejects.toThrow(/incomplete/);
		const [{ n }] = await target.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM areas`);
		expect(n).toBe(0);
		await source.close();
		await target.close();
	});
	it('refuses a snapshot whose coded column holds a value outside its codes (the tables have no CHECK for them), and changes nothing', async () => {
		for (const [table, row] of [
			['concerns', `(1, 2, 'C1', 'Health', DATE '2024-01-02', 'severe')`],
			['missing_episodes', `(1, 2, 'C1', 'Police', TIMESTAMP '2024-01-02 10:00', 'school')`]
		] as const) {
			const source = await createNodeEngine();
			const columns = table === 'concerns' ? 'import_id, line, child_id, agency, identified_on, risk_level' : 'import_id, line, child_id, agency, started_at, setting';
			await source.exec(`INSERT INTO areas (area_code, level) VALUES ('X01000001', 'small_area')`);
			await source.exec(`INSERT INTO ${table} (${columns}) VALUES ${row}`);
			const target = await createNodeEngine();
			await expect(restoreSnapshot(target, await takeSnapshot(source))).rejects.toThrow(
				table === 'concerns' ? /damaged: concerns\.risk_level holds "severe"/ : /damaged: missing_episodes\.setting holds "school"/
			);
			const [{ n }] = await target.query<{ n: number }>(`SELECT (SELECT count(*) FROM areas) + (SELECT count(*) FROM ${table})::INTEGER AS n`);
			expect(n).toBe(0);
			await source.close();
			await target.close();
		}
	});
});

describe('a workspace saved by an older version', () => {
	it('opens in this version: missing columns come back empty, every row is kept', { timeout: 60_000 }, async () => {
		// Simulate an older schema: the imports table without the later `source_header` column.
		const older = await createNodeEngine();
		await older.exec(`INSERT INTO imports (import_id, file_name, kind, fingerprint, rows_read, rows_loaded, rows_rejected, imported_at)
			VALUES (1, 'old.csv', 'concerns', 'abc', 2, 2, 0, TIMESTAMP '2025-01-01 10:00:00')`);
		await older.exec(`ALTER TABLE imports DROP COLUMN source_header`);
		const snapshot = await takeSnapshot(older);
		const current = await createNodeEngine();
		await restoreSnapshot(current, { ...snapshot, manifest: { ...snapshot.manifest, schemaVersion: 1 } });
		expect(await current.query(`SELECT import_id, file_name, source_header FROM imports`)).toEqual([
			{ import_id: 1, file_name: 'old.csv', source_header: null }
		]);
		await older.close();
		await current.close();
	});
});

describe('a workspace saved before reports existed (schema 1)', () => {
	it('opens with empty report tables, and a report can then be saved in it', async () => {
		const source = await createNodeEngine();
		await source.exec(`INSERT INTO areas (area_code, level) VALUES ('X01000001', 'small_area')`);
		const snapshot = await takeSnapshot(source);
		// Schema 1 had no report tables: its snapshots list none.
		const schemaOne = {
			files: snapshot.files,
			manifest: { ...snapshot.manifest, schemaVersion: 1, tables: snapshot.manifest.tables.filter((t) => !['report_drafts', 'reports'].includes(t.name)) }
		};
		expect(schemaOne.manifest.tables.length).toBe(snapshot.manifest.tables.length - 2);
		const target = await createNodeEngine();
		await restoreSnapshot(target, schemaOne);
		expect(await target.query(`SELECT area_code FROM areas`)).toEqual([{ area_code: 'X01000001' }]);
		expect(await target.query(`SELECT count(*)::INTEGER AS n FROM reports`)).toEqual([{ n: 0 }]);
		await target.query(`INSERT INTO report_drafts VALUES ('2026-04-01/2026-09-30', '{}', TIMESTAMP '2026-11-28 10:00:00')`);
		expect(await target.query(`SELECT count(*)::INTEGER AS n FROM report_drafts`)).toEqual([{ n: 1 }]);
		await source.close();
		await target.close();
	});
});
