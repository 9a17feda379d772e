/**
 * A workspace snapshot: every table of the store as an Arrow IPC stream, plus a manifest. The
 * command line keeps a workspace directory this way, and workspace export (to one file) builds
 * on it. Arrow rather than Parquet: duckdb-wasm's Parquet support is an extension fetched from a
 * CDN at run time, and nothing may leave the device.
 */
import type { Engine } from './engine';
import { quoteIdent } from './engine';
import { CODED_COLUMNS, SCHEMA_VERSION, createSchema } from './schema';

export interface SnapshotManifest {
	format: 'cse-profile-workspace';
	schemaVersion: number;
	savedAt: string;
	tables: { name: string; rows: number; file: string }[];
}

export interface Snapshot {
	manifest: SnapshotManifest;
	files: Record<string, Uint8Array>;
}

/**
 * The store's tables, in the order they are restored (meta first). Temporary tables (the
 * measures' derived cohort tables, staging) are working copies, never part of the store: in
 * `information_schema` they look like `main` tables, so they are told apart here by
 * `duckdb_tables().temporary`.
 */
async function storeTables(engine: Engine): Promise<string[]> {
	const rows = await engine.query<{ name: string }>(
		`SELECT table_name AS name FROM duckdb_tables()
		 WHERE NOT temporary AND database_name = current_database() AND schema_name = 'main'
		 ORDER BY table_name = 'meta' DESC, table_name`
	);
	return rows.map((r) => r.name);
}

export async function takeSnapshot(engine: Engine, now = new Date()): Promise<Snapshot> {
	const files: Record<string, Uint8Array> = {};
	const tables: SnapshotManifest['tables'] = [];
	for (const name of await storeTables(engine)) {
		const file = `${name}.arrow`;
		files[file] = await engine.queryArrow(`SELECT * FROM ${quoteIdent(name)}`);
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(name)}`);
		tables.push({ name, rows: n, file });
	}
	return { manifest: { format: 'cse-profile-workspace', schemaVersion: SCHEMA_VERSION, savedAt: now.toISOString(), tables }, files };
}

/**
 * Refuse a restored table whose coded columns hold a value outside their codes (CODED_COLUMNS):
 * the tables have no CHECK constraints for them, and the measures count by these codes.
 */
async function checkCodedColumns(engine: Engine, table: string): Promise<void> {
	for (const [column, codes] of Object.entries(CODED_COLUMNS[table] ?? {})) {
		const col = quoteIdent(column);
		const odd = await engine.query<{ value: string }>(
			`SELECT ${col} AS value FROM ${quoteIdent(table)} WHERE ${col} IS NOT NULL AND ${col} NOT IN (${codes.map(() => '?').join(', ')}) LIMIT 1`,
			[...codes]
		);
		if (odd.length) {
			throw new Error(`The workspace is damaged: ${table}.${column} holds ${JSON.stringify(odd[0].value)}, which is not one of its codes (${codes.join(', ')}).`);
		}
	}
}

/**
 * Restore a snapshot into an engine whose store is empty (fresh schema). Rows go into the
 * current schema's tables by column name, so constraints stay, coded columns are checked against
 * their codes, and a snapshot from an older version (fewer columns) fits. A snapshot from a newer
 * version, or a damaged one, is refused and nothing changes.
 */
export async function restoreSnapshot(engine: Engine, snapshot: Snapshot): Promise<void> {
	const { manifest, files } = snapshot;
	if (manifest?.format !== 'cse-profile-workspace') throw new Error('This is not a CSE Profile workspace.');
	if (manifest.schemaVersion > SCHEMA_VERSION) {
		throw new Error(
			`This workspace was saved by a newer version of CSE Profile (schema ${manifest.schemaVersion}; this app knows up to ${SCHEMA_VERSION}). Update the app to open it.`
		);
	}
	await createSchema(engine);
	const current = new Set(await storeTables(engine));
	await engine.exec('BEGIN TRANSACTION');
	try {
		for (const t of manifest.tables) {
			if (t.name === 'meta') continue; // the schema version is this app's
			if (!current.has(t.name)) throw new Error(`The workspace has a table this version does not know (${t.name}).`);
			const bytes = files[t.file];
			if (!bytes) throw new Error(`The workspace is incomplete: ${t.file} is missing.`);
			await engine.exec(`DROP TABLE IF EXISTS restore_incoming`);
			await engine.loadArrow('restore_incoming', bytes);
			await engine.exec(`INSERT INTO ${quoteIdent(t.name)} BY NAME SELECT * FROM restore_incoming`);
			await engine.exec(`DROP TABLE restore_incoming`);
			const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(t.name)}`);
			if (n !== t.rows) throw new Error(`The workspace is damaged: ${t.name} has ${n} rows, the manifest says ${t.rows}.`);
			await checkCodedColumns(engine, t.name);
		}
		await engine.exec('COMMIT');
	} catch (err) {
		await engine.exec('ROLLBACK');
		throw err;
	}
}
