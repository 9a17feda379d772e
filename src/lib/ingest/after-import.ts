/**
 * Checks made once a file is in, that do not reject rows but the coordinator should know about:
 * area codes the loaded boundaries do not know, earlier files from the same agency that cover the
 * same period (a newer export may be meant to replace an older one), and a date column rejected
 * in most rows because the mapping expects another date format than the file's.
 */
import type { Engine } from '$lib/db/engine';
import { formatCount } from '$lib/disclosure/suppress';
import type { ImportResult } from './import-run';
import { DATE_FORMAT_LABELS, type Mapping } from './mapping';
import { cellOf } from './reasons';
import { guessDateFormat } from './suggest';

/** The area column of each table whose rows have an area. */
const AREA_COLUMN: Record<string, string> = {
	concerns: 'home_area',
	missing_episodes: 'area_found',
	locations: 'area_code'
};

/** How many example codes a notice names. */
const EXAMPLES = 3;

export async function unknownAreaNotice(engine: Engine, importId: number, kind: string): Promise<string | null> {
	const column = AREA_COLUMN[kind];
	if (!column) return null;
	// Table and column names come from the fixed map above, never from a file. No areas loaded at
	// all: nothing to compare with, and no notice. (The id is cast: a JavaScript number binds as a
	// DOUBLE, which would cast every import_id to compare.)
	const [row] = await engine.query<{ rows: number; examples: string[] }>(
		`SELECT count(*)::INTEGER AS rows, list(DISTINCT ${column})[1:${EXAMPLES}] AS examples
		 FROM ${kind} t WHERE import_id = ?::INTEGER AND ${column} IS NOT NULL AND EXISTS (SELECT 1 FROM areas)
		   AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.area_code = t.${column})`,
		[importId]
	);
	if (!row || row.rows === 0) return null;
	return (
		`${formatCount(row.rows)} rows have area codes that are not in the loaded areas (for example ${row.examples.join(', ')}). ` +
		'They are loaded and counted, but cannot be placed on a map until areas with those codes are loaded (AREA01, a warning).'
	);
}

export async function overlapNotice(engine: Engine, importId: number): Promise<string | null> {
	const rows = await engine.query<{ file_name: string; first: string; last: string }>(
		`SELECT o.file_name, strftime(greatest(o.period_start, n.period_start), '%d/%m/%Y') AS first,
		        strftime(least(o.period_end, n.period_end), '%d/%m/%Y') AS last
		 FROM imports n JOIN imports o
		   ON o.import_id <> n.import_id AND o.kind = n.kind AND o.agency = n.agency
		  AND o.period_start <= n.period_end AND n.period_start <= o.period_end
		 WHERE n.import_id = ?::INTEGER ORDER BY o.import_id`,
		[importId]
	);
	if (!rows.length) return null;
	const files = rows.map((r) => `“${r.file_name}” (${r.first} to ${r.last})`).join(', ');
	return (
		`This file covers the same period as ${files} from the same agency. A child in both is still counted once. ` +
		'If this is a newer export of the same records, remove the older file under “Everything imported”.'
	);
}

/** How many rejected cells of a date column are looked at to tell the format they are in. */
const FORMAT_SAMPLE = 50;

/**
 * When at least half the rows read were rejected because one date column is not a date in the
 * mapping's format, and the rejected cells are in another format, say which: a wrong date format
 * is the usual reason a whole file is rejected, and each rejected row alone only says "not a date".
 */
export async function dateFormatNotice(
	engine: Engine,
	{ importId, rowsRead, rowsRejected }: Pick<ImportResult, 'importId' | 'rowsRead' | 'rowsRejected'>,
	mapping: Mapping,
	header: readonly string[]
): Promise<string | null> {
	// Most imports reject few rows or none: then the rejected rows are not looked at at all.
	if (rowsRejected * 2 < rowsRead) return null;
	const [top] = await engine.query<{ reason: string; n: number }>(
		`SELECT reason, count(*)::INTEGER AS n FROM (SELECT unnest(reasons) AS reason FROM rejected_rows WHERE import_id = ?::INTEGER)
		 WHERE reason LIKE 'DAT01:%' GROUP BY reason ORDER BY n DESC, reason LIMIT 1`,
		[importId]
	);
	if (!top || top.n * 2 < rowsRead) return null;
	const field = top.reason.slice('DAT01:'.length);
	const rule = mapping.fields[field];
	if (!rule) return null;
	const rows = await engine.query<{ raw: string }>(
		`SELECT raw FROM rejected_rows WHERE import_id = ?::INTEGER AND list_contains(reasons, ?) ORDER BY line LIMIT ${FORMAT_SAMPLE}`,
		[importId, top.reason]
	);
	const cells = rows.map((r) => cellOf({ mapping, header, raw: r.raw }, rule.column)?.trim() ?? '').filter((c) => c !== '');
	const expected = rule.format ?? mapping.dateFormat;
	const guess = rule.part ? null : guessDateFormat(cells);
	if (!guess || guess === expected) return null;
	return (
		`${formatCount(top.n)} of ${formatCount(rowsRead)} rows were rejected because column "${rule.column}" is not a date in the mapping's format, ${DATE_FORMAT_LABELS[expected]}. ` +
		`Its dates look like ${DATE_FORMAT_LABELS[guess]} (for example "${cells[0]}"): choose that date format with "Edit mapping and re-run", and the rows will load.`
	);
}

/** Checks that warn but keep the rows, for the published list of rules. */
export const WARNINGS = [
	{
		code: 'AREA01',
		title: 'Area codes are in the loaded areas',
		message: 'Rows whose home area, area found or location area is not among the loaded areas are kept and counted, and the import says how many.',
		advice: 'Load the area lookup or boundaries that use the same codes (and the same vintage: LSOA 2011 and 2021 codes differ).'
	},
	{
		code: 'OVER01',
		title: 'No two files from one agency cover the same period',
		message: 'A file whose dates overlap an earlier file of the same kind from the same agency is loaded, and the import names the earlier file.',
		advice: 'If the new file is a fresh export of the same records, remove the older file on the Import page. Children are counted once either way.'
	}
] as const;
