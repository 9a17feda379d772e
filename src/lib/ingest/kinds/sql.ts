/**
 * SQL pieces shared by the loaders for published files. Identifiers go through `quoteIdent`;
 * values (including column names used as data, e.g. a measure's name) go through a ParamList.
 */
import type { Engine } from '$lib/db/engine';
import { quoteIdent } from '$lib/db/engine';
import { STAGE } from '../stage';

/** A staged cell: staging has trimmed it already, and a blank cell is NULL (stage.ts: trimCell). */
export function cellSql(column: string): string {
	return `${STAGE}.${quoteIdent(column)}`;
}

/**
 * The staged row as CSV text, so a rejected row can be shown and downloaded as it was read (each
 * cell trimmed, as staged). Built only for rejected rows: for every row it cost about half a
 * second per 100,000 rows. `ref` names each staged column where the stage is not in scope.
 */
export function rawRowSql(columns: readonly string[], ref: (column: string, index: number) => string = (c) => `${STAGE}.${quoteIdent(c)}`): string {
	return `array_to_string(list_transform([${columns.map(ref).join(', ')}],
		x -> CASE WHEN x IS NULL THEN '' WHEN regexp_matches(x, '[",\\r\\n]') THEN '"' || replace(x, '"', '""') || '"' ELSE x END), ',')`;
}

/**
 * A number as published: optional sign, digits with or without thousands separators (`1,296`),
 * optional decimals. Anything else (text, `inf`, `nan`, symbols) is not a number.
 */
export const NUMBER_PATTERN = String.raw`[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+`;

/** SQL: TRUE when the (trimmed, non-NULL) text expression is a number as published. */
export function isNumberSql(expr: string): string {
	return `regexp_full_match(${expr}, '${NUMBER_PATTERN}')`;
}

/** SQL: the text expression as a DOUBLE, NULL unless it is a number as published. */
export function numberSql(expr: string): string {
	return `CASE WHEN ${isNumberSql(expr)} THEN CAST(replace(${expr}, ',', '') AS DOUBLE) END`;
}

/**
 * GSS symbols published in place of a number (GSS guidance on symbols in tables): `c`
 * confidential (suppressed), `x` not available, `z` not applicable, `low`/`k` rounds to zero,
 * `u` low reliability; `:` and `..` are used by some releases for "not available". A symbol is
 * kept as published with no value: it is never a zero and never a rejection.
 */
export const GSS_SYMBOLS = ['c', 'x', 'z', 'low', 'k', 'u', ':', '..'] as const;

/** Build a `list_filter([...], r -> r IS NOT NULL)` of reason keys from `CASE WHEN … THEN key END` items. */
export function reasonsSql(items: readonly string[]): string {
	return items.length ? `list_filter([${items.join(', ')}], r -> r IS NOT NULL)` : `[]::VARCHAR[]`;
}

/**
 * Keep the rejected rows of `table` (columns `line`, `raw`, `reasons`), count them, and drop the
 * working table and the stage. Every staged row is in `table` exactly once.
 */
export async function finishRows(engine: Engine, table: string, importId: number): Promise<{ read: number; rejected: number }> {
	const t = quoteIdent(table);
	await engine.query(`INSERT INTO rejected_rows SELECT ?, line, raw, reasons FROM ${t} WHERE len(reasons) > 0 ORDER BY line`, [importId]);
	const [counts] = await engine.query<{ read: number; rejected: number }>(
		`SELECT count(*)::INTEGER AS read, count(*) FILTER (WHERE len(reasons) > 0)::INTEGER AS rejected FROM ${t}`
	);
	await engine.exec(`DROP TABLE IF EXISTS ${t}; DROP TABLE IF EXISTS ${STAGE}`);
	return counts;
}
