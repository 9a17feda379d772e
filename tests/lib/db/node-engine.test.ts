import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import { MIGRATIONS, SCHEMA_VERSION, createSchema, schemaVersion } from '$lib/db/schema';
import { EngineClosedError, type Engine } from '$lib/db/engine';
import { tableToIPC, tableFromArrays } from 'apache-arrow';

describe('Node engine (DuckDB-wasm)', () => {
	let engine: Engine;
	beforeAll(async () => {
		engine = await createNodeEngine();
	});
	afterAll(() => engine.close());

	it('creates the canonical schema and records its version', async () => {
		expect(await schemaVersion(engine)).toBe(SCHEMA_VERSION);
		const tables = await engine.query<{ name: string }>(
			`SELECT table_name AS name FROM information_schema.tables ORDER BY 1`
		);
		expect(tables.map((t) => t.name)).toEqual(
			expect.arrayContaining(['imports', 'rejected_rows', 'concerns', 'missing_episodes', 'locations',
				'police_crimes', 'areas', 'area_geometry', 'population', 'published_stats', 'meta'])
		);
	});

	it('does nothing when the schema is already current, and refuses a newer one', async () => {
		expect(await createSchema(engine)).toBe(SCHEMA_VERSION);
		await engine.exec(`UPDATE meta SET value = '${SCHEMA_VERSION + 1}' WHERE key = 'schema_version'`);
		await expect(createSchema(engine)).rejects.toThrow(/newer version/);
		await engine.exec(`UPDATE meta SET value = '${SCHEMA_VERSION}' WHERE key = 'schema_version'`);
		expect(MIGRATIONS.length).toBe(SCHEMA_VERSION);
	});

	it('binds parameters as values, never as SQL', async () => {
		const hostile = "x'); DROP TABLE concerns; --";
		const rows = await engine.query<{ v: string; n: number }>(`SELECT ? AS v, ?::INTEGER + 1 AS n`, [hostile, 41]);
		expect(rows).toEqual([{ v: hostile, n: 42 }]);
		const [{ n }] = await engine.query<{ n: number }>(
			`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'concerns'`
		);
		expect(n).toBe(1);
	});

	it('converts BIGINT, DATE, TIMESTAMP, DECIMAL, LIST and STRUCT once, in the engine', async () => {
		const [row] = await engine.query(
			`SELECT count(*) AS big, DATE '2024-03-31' AS d, TIMESTAMP '2024-03-31 23:30:00' AS ts,
			        1.5 AS dec, [1, 2]::BIGINT[] AS list, {'a': DATE '2020-02-29'} AS struct, NULL AS nothing
			 FROM range(3)`
		);
		expect(row).toEqual({
			big: 3, d: '2024-03-31', ts: '2024-03-31T23:30:00', dec: 1.5, list: [1, 2],
			struct: { a: '2020-02-29' }, nothing: null
		});
		expect(typeof row.big).toBe('number');
	});

	it('reads a registered CSV file', async () => {
		await engine.registerFileText('people.csv', 'code,count\nX01000001,3\nX01000002,4\n');
		const rows = await engine.query(`SELECT code, count FROM read_csv('people.csv') ORDER BY code`);
		expect(rows).toEqual([
			{ code: 'X01000001', count: 3 },
			{ code: 'X01000002', count: 4 }
		]);
		await engine.dropFile('people.csv');
	});

	it('loads an Arrow IPC stream into a table', async () => {
		const table = tableFromArrays({ code: ['a', 'b'], n: Int32Array.from([1, 2]) });
		await engine.loadArrow('arrow_test', tableToIPC(table, 'stream'));
		await engine.loadArrow('arrow_test', tableToIPC(table, 'stream'));
		const [{ n }] = await engine.query<{ n: number }>(`SELECT sum(n)::INTEGER AS n FROM arrow_test`);
		expect(n).toBe(6);
	});
});

describe('a closed engine', () => {
	it('refuses every later call with EngineClosedError, and closing twice is harmless', async () => {
		const engine = await createNodeEngine();
		await engine.close();
		await expect(engine.query('SELECT 1 AS x')).rejects.toBeInstanceOf(EngineClosedError);
		await expect(engine.query('SELECT ? AS x', [1])).rejects.toBeInstanceOf(EngineClosedError);
		await expect(engine.exec('SELECT 1')).rejects.toBeInstanceOf(EngineClosedError);
		await expect(engine.close()).resolves.toBeUndefined();
	});
});
