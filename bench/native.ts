/**
 * The limit: native DuckDB (@duckdb/node-api, one thread) doing the same import with the same
 * SQL on the same file. Staging is DuckDB's own CSV reader on the file on disk
 * (`read_csv(file, all_varchar = true)`, sniffing included, plus each row's line number, which
 * the conversion needs); then the conversion statements the app builds (`conversionStatements` from
 * src/lib/ingest/load-mapped.ts: the same SELECT, inserts and counts, same text, same parameters)
 * as loadMapped/runImport, in one transaction, into the app's own schema (createSchema).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ENGINE_SETTINGS, quoteIdent, quoteLiteral, type Engine, type Row, type SqlParam } from '$lib/db/engine';
import { createSchema } from '$lib/db/schema';
import { conversionStatements, insertedCount, runStatements } from '$lib/ingest/load-mapped';
import type { Mapping } from '$lib/ingest/mapping';
import { importedAt } from '$lib/ingest/import-run';
import { prepareCsv } from '$lib/ingest/stage';

const pad = (n: number) => String(n).padStart(2, '0');

/** Values as the app's engine gives them (src/lib/db/arrow-rows.ts): numbers, DATE as 'YYYY-MM-DD', TIMESTAMP as 'YYYY-MM-DDTHH:MM:SS'. */
function plain(v: unknown): unknown {
	if (typeof v === 'bigint') return Number(v);
	if (v instanceof Date) {
		const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
		const ms = v.getTime() % 86_400_000;
		return ms === 0 ? day : `${day}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
	}
	if (Array.isArray(v)) return v.map(plain);
	return v;
}

/** Just enough of the Engine interface over a native connection for createSchema. */
function nativeEngine(conn: DuckDBConnection): Engine {
	const unsupported = () => Promise.reject(new Error('not used by the benchmark'));
	return {
		async query<T extends object = Row>(sql: string, params: readonly SqlParam[] = []) {
			const reader = await conn.runAndReadAll(sql, params.length ? [...params] : undefined);
			return reader.getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]))) as T[];
		},
		async exec(sql: string) {
			await conn.run(sql);
		},
		registerFileText: unsupported,
		registerFileBuffer: unsupported,
		dropFile: unsupported,
		copyFileToBuffer: unsupported,
		queryArrow: unsupported,
		loadArrow: unsupported,
		async close() {
			conn.closeSync();
		}
	};
}

export async function openNative(): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection; engine: Engine }> {
	const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	const conn = await instance.connect();
	const engine = nativeEngine(conn);
	await engine.exec(ENGINE_SETTINGS);
	await createSchema(engine);
	return { instance, conn, engine };
}

export function closeNative(n: { instance: DuckDBInstance; conn: DuckDBConnection }) {
	n.conn.closeSync();
	n.instance.closeSync();
}

/** Engine start: instance + connection (bare), and with the app's settings and schema (ready). */
export async function nativeStart(): Promise<{ ms: number; bare_ms: number }> {
	const t0 = performance.now();
	const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	const conn = await instance.connect();
	const t1 = performance.now();
	const engine = nativeEngine(conn);
	await engine.exec(ENGINE_SETTINGS);
	await createSchema(engine);
	const t2 = performance.now();
	closeNative({ instance, conn });
	return { ms: t2 - t0, bare_ms: t1 - t0 };
}

/** One import of `path` through `mapping`, in a fresh instance (not timed: its start is its own case). */
export async function nativeImport(path: string, mapping: Mapping, today: string) {
	const native = await openNative();
	const { engine } = native;
	const parts: Record<string, number> = {};
	const step = async <T>(key: string, work: () => Promise<T>): Promise<T> => {
		const t0 = performance.now();
		try {
			return await work();
		} finally {
			parts[key] = (parts[key] ?? 0) + performance.now() - t0;
		}
	};
	try {
		// The app's staging counts a sample of each column's values, which orders the coded columns'
		// comparisons (value-sample.ts). Native gets the same sample, untimed, so it runs the same SQL.
		const { valueSample } = prepareCsv(basename(path), new Uint8Array(readFileSync(path))).staging;
		const t0 = performance.now();
		await engine.exec('BEGIN TRANSACTION');
		// Line numbers as the app stages them: the header is line 1, so the first record is line 2.
		await step('sql_read_csv', () =>
			engine.exec(`CREATE OR REPLACE TEMP TABLE ingest_stage AS
				SELECT *, (row_number() OVER () + 1)::INTEGER AS __line
				FROM read_csv(${quoteLiteral(path)}, all_varchar = true, header = true)`)
		);
		const columns = (await engine.query<{ column_name: string }>(`DESCRIBE ingest_stage`))
			.map((r) => r.column_name)
			.filter((c) => c !== '__line');
		const [{ id: importId }] = await engine.query<{ id: number }>(`SELECT (coalesce(max(import_id), 0) + 1)::INTEGER AS id FROM imports`);
		const [{ n: staged }] = await step('sql_count', () => engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ingest_stage`));
		const { read, rejected } = await runStatements(conversionStatements(mapping, columns, basename(path), today, importId, valueSample), staged, async (statement) =>
			insertedCount(await step(`sql_${statement.step}`, () => engine.query(statement.sql, statement.params)))
		);
		if (read !== staged) throw new Error(`native: ${staged} rows staged but ${read} loaded or rejected`);
		await engine.exec(`DROP TABLE IF EXISTS ingest_stage`);
		await engine.query(
			`INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, mapping_name, mapping, source_header, rows_read, rows_loaded, rows_rejected, imported_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMP)`,
			[importId, basename(path), mapping.agency, mapping.target, 'native', mapping.name, JSON.stringify(mapping), JSON.stringify(columns),
			 read, read - rejected, rejected, importedAt()]
		);
		await engine.exec('COMMIT');
		const ms = performance.now() - t0;
		// The app fingerprints the file's bytes (SHA-256) before importing; the same in native code, for reference.
		const f0 = performance.now();
		createHash('sha256').update(readFileSync(path)).digest('hex');
		const fingerprintMs = performance.now() - f0;
		const sqlMs = Object.values(parts).reduce((a, b) => a + b, 0);
		return { ms, read, loaded: read - rejected, rejected, parts: { ...parts, sql_other: ms - sqlMs }, fingerprint_ms: fingerprintMs };
	} finally {
		closeNative(native);
	}
}

/**
 * A native instance holding the tables the page loaded: each table's CSV (written by the page's
 * DuckDB) read as text and inserted by name into the app's own schema, which casts each column
 * back to its type, so native runs the measures' SQL on the same rows.
 */
export async function nativeWorkspace(dir: string, tables: readonly string[]) {
	const native = await openNative();
	for (const table of tables) {
		const csv = join(dir, `${table}.csv`);
		await native.engine.exec(
			`INSERT INTO ${quoteIdent(table)} BY NAME SELECT * FROM read_csv(${quoteLiteral(csv)}, header = true, all_varchar = true, delim = ',', quote = '"')`
		);
	}
	const counts: Record<string, number> = {};
	for (const t of tables) counts[t] = (await native.engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(t)}`))[0].n;
	return { ...native, counts };
}
