/**
 * Bookkeeping shared by every loader: fingerprint the file, skip it if it was imported before,
 * run the load in one transaction, and record the import with its counts. Loaders only say how
 * rows get into their table and into `rejected_rows`.
 */
import { deleteImportRows } from './import-rows';
import type { Engine } from '$lib/db/engine';
import { fingerprint } from './fingerprint';
import type { PreparedCsv } from './stage';

export interface SourceFile {
	name: string;
	bytes: Uint8Array;
	/** The file already decoded and made ready to stage (in a worker, in the browser). */
	prepared?: PreparedCsv;
}

export interface ImportResult {
	importId: number;
	fileName: string;
	kind: string;
	agency: string | null;
	mappingName: string | null;
	rowsRead: number;
	rowsLoaded: number;
	rowsRejected: number;
	/** True when this exact file had been imported before, so nothing was loaded again. */
	duplicate: boolean;
}

/** What a loader reports back: rows read, how many it rejected, and the file's header. */
export interface LoadCounts {
	read: number;
	rejected: number;
	header?: readonly string[];
}

export interface ImportMeta {
	kind: string;
	agency: string | null;
	mappingName: string | null;
	/** The mapping used, kept with the import so rejection reasons can name source columns later. */
	mapping?: unknown;
}

/** The date column each table's rows are dated by, to record the period an import covers. */
const PERIOD_COLUMN: Record<string, string> = {
	concerns: 'identified_on',
	missing_episodes: 'started_at',
	locations: 'month',
	police_crimes: 'month'
};

/** The moment of import as a UTC timestamp string DuckDB reads as TIMESTAMP. */
export function importedAt(now: Date = new Date()): string {
	return now.toISOString().replace('T', ' ').replace('Z', '');
}

/** Run `work` in a transaction; on any failure roll back so the workspace is as it was. */
export async function inTransaction<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
	await engine.exec('BEGIN TRANSACTION');
	try {
		const result = await work();
		await engine.exec('COMMIT');
		return result;
	} catch (err) {
		await engine.exec('ROLLBACK');
		throw err;
	}
}

export async function findImportByFingerprint(engine: Engine, print: string) {
	const rows = await engine.query<{ import_id: number; rows_read: number; rows_loaded: number; rows_rejected: number }>(
		`SELECT import_id, rows_read, rows_loaded, rows_rejected FROM imports WHERE fingerprint = ?`,
		[print]
	);
	return rows[0] ?? null;
}

export async function nextImportId(engine: Engine): Promise<number> {
	const [row] = await engine.query<{ id: number }>(`SELECT (coalesce(max(import_id), 0) + 1)::INTEGER AS id FROM imports`);
	return row.id;
}

/**
 * Import `file` once: if the same bytes were imported before, report that and change nothing;
 * otherwise run `load(importId)` and record the import, all in one transaction, so a failure
 * anywhere leaves the workspace exactly as it was.
 *
 * `options.replaces` names an earlier import this one takes the place of (the same file loaded
 * again another way, such as boundaries with other properties chosen): it is deleted inside the
 * same transaction, so a load that fails leaves the earlier one in place.
 */
export async function runImport(
	engine: Engine,
	file: SourceFile,
	meta: ImportMeta,
	load: (importId: number) => Promise<LoadCounts>,
	options: { replaces?: number } = {}
): Promise<ImportResult> {
	const print = file.prepared?.fingerprint ?? (await fingerprint(file.bytes));
	const base = { fileName: file.name, kind: meta.kind, agency: meta.agency, mappingName: meta.mappingName };
	const previous = await findImportByFingerprint(engine, print);
	if (previous && previous.import_id !== options.replaces) {
		return {
			...base,
			importId: previous.import_id,
			rowsRead: previous.rows_read,
			rowsLoaded: previous.rows_loaded,
			rowsRejected: previous.rows_rejected,
			duplicate: true
		};
	}
	const importId = await nextImportId(engine);
	return inTransaction(engine, async () => {
		if (options.replaces !== undefined) await deleteImportRows(engine, options.replaces);
		const { read, rejected, header } = await load(importId);
		await engine.query(
			`INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, mapping_name, mapping, source_header, rows_read, rows_loaded, rows_rejected, imported_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMP)`,
			[importId, file.name, meta.agency, meta.kind, print, meta.mappingName,
			 meta.mapping === undefined ? null : JSON.stringify(meta.mapping), header ? JSON.stringify(header) : null,
			 read, read - rejected, rejected, importedAt()]
		);
		const dated = PERIOD_COLUMN[meta.kind];
		if (dated) {
			// Table and column names come from the fixed map above, never from a file.
			await engine.query(
				`UPDATE imports SET period_start = p.first, period_end = p.last
				 FROM (SELECT min(${dated})::DATE AS first, max(${dated})::DATE AS last FROM ${meta.kind} WHERE import_id = ?) p
				 WHERE import_id = ?`,
				[importId, importId]
			);
		}
		return { ...base, importId, rowsRead: read, rowsLoaded: read - rejected, rowsRejected: rejected, duplicate: false };
	});
}
