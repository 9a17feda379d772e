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

/**
 * An earlier import of the same bytes (by fingerprint), if any, and the id the next import takes:
 * one query, as they are asked together before every import.
 */
async function earlierImportAndNextId(engine: Engine, print: string) {
	const [row] = await engine.query<{ next_id: number; import_id: number | null; rows_read: number | null; rows_loaded: number | null; rows_rejected: number | null }>(
		`SELECT (SELECT coalesce(max(import_id), 0) + 1 FROM imports)::INTEGER AS next_id, e.import_id, e.rows_read, e.rows_loaded, e.rows_rejected
		 FROM (SELECT 1) AS one LEFT JOIN (SELECT * FROM imports WHERE fingerprint = ? LIMIT 1) AS e ON true`,
		[print]
	);
	const previous =
		row.import_id === null ? null : { import_id: row.import_id, rows_read: row.rows_read ?? 0, rows_loaded: row.rows_loaded ?? 0, rows_rejected: row.rows_rejected ?? 0 };
	return { previous, nextId: row.next_id };
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
	const { previous, nextId: importId } = await earlierImportAndNextId(engine, print);
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
	return inTransaction(engine, async () => {
		if (options.replaces !== undefined) await deleteImportRows(engine, options.replaces);
		const { read, rejected, header } = await load(importId);
		// The period the rows cover is worked out in the same statement, from the rows just loaded.
		// Table and column names come from the fixed map above, never from a file.
		const dated = PERIOD_COLUMN[meta.kind];
		const period = dated
			? `(SELECT min(${dated})::DATE AS first, max(${dated})::DATE AS last FROM ${meta.kind} WHERE import_id = ?::INTEGER)`
			: `(SELECT NULL::DATE AS first, NULL::DATE AS last)`;
		await engine.query(
			`INSERT INTO imports (import_id, file_name, agency, kind, fingerprint, mapping_name, mapping, source_header, rows_read, rows_loaded, rows_rejected, imported_at, period_start, period_end)
			 SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::TIMESTAMP, p.first, p.last FROM ${period} AS p`,
			[importId, file.name, meta.agency, meta.kind, print, meta.mappingName,
			 meta.mapping === undefined ? null : JSON.stringify(meta.mapping), header ? JSON.stringify(header) : null,
			 read, read - rejected, rejected, importedAt(), ...(dated ? [importId] : [])]
		);
		return { ...base, importId, rowsRead: read, rowsLoaded: read - rejected, rowsRejected: rejected, duplicate: false };
	});
}
