/** Rejected rows of one import, with their reasons worded for the coordinator. */
import type { Engine } from '$lib/db/engine';
import type { Mapping } from './mapping';
import { describeReasons } from './reasons';
import { toCsv } from '$lib/export/csv';

export interface RejectedRow {
	line: number;
	raw: string;
	reasons: string[];
}

async function context(engine: Engine, importId: number) {
	const [row] = await engine.query<{ mapping: string | null; source_header: string | null }>(
		`SELECT mapping, source_header FROM imports WHERE import_id = ?::INTEGER`,
		[importId]
	);
	return {
		mapping: row?.mapping ? (JSON.parse(row.mapping) as Mapping) : null,
		header: row?.source_header ? (JSON.parse(row.source_header) as string[]) : null
	};
}

export async function rejectedRows(engine: Engine, importId: number, limit = 200, offset = 0): Promise<RejectedRow[]> {
	const ctx = await context(engine, importId);
	const rows = await engine.query<{ line: number; raw: string; reasons: string[] }>(
		`SELECT line, raw, reasons FROM rejected_rows WHERE import_id = ?::INTEGER ORDER BY line LIMIT ? OFFSET ?`,
		[importId, limit, offset]
	);
	return rows.map((r) => ({ line: r.line, raw: r.raw, reasons: describeReasons(r.reasons, { ...ctx, raw: r.raw }) }));
}

/** Every rejected row of an import as CSV: line, the row as it was, and the reasons. */
export async function rejectedRowsCsv(engine: Engine, importId: number): Promise<string> {
	const rows = await rejectedRows(engine, importId, 10_000_000, 0);
	return toCsv(['line', 'row as in the file', 'reasons'], rows.map((r) => [r.line, r.raw, r.reasons.join(' | ')]));
}
