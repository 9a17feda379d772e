/**
 * Minimal data, applied: rewrite the staged text table (see `stage.ts`) so identifying columns
 * never reach a canonical table, `rejected_rows.raw` or the saved workspace. Runs after staging
 * and before any conversion, on the plan `detectIdentifyingColumns` made (and the user saw):
 *   drop              → the column is emptied (set to NULL) in every row; it stays in the table
 *                       so a mapping that names it still finds it, but finds nothing in it;
 *   degrade_to_month  → a date of birth becomes its month, `yyyy-mm`;
 *   pseudonymise      → a case identifier becomes a keyed pseudonym, `P-` + 16 hex digits,
 *                       an HMAC-SHA-256 made in the browser with the partnership key the user
 *                       enters. The key is never stored, so the tool cannot reverse a pseudonym;
 *                       every agency that enters the same key gets the same pseudonym for the
 *                       same child, so children link across agencies.
 */
import { Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';
import { quoteIdent, type Engine } from '$lib/db/engine';
import { normaliseHeaderCell } from './mapping';
import { KIND_WORDS, type ColumnPrivacy } from './privacy';

export const PSEUDONYM_PREFIX = 'P-';

/**
 * Hex digits of the HMAC kept: 16 hex = 64 bits. Two different children get the same pseudonym
 * with probability about n²/2⁶⁵: for 100,000 children in one partnership that is about 3 in
 * 10 billion, negligible next to recording errors in the source systems.
 */
const PSEUDONYM_HEX_DIGITS = 16;

/** The same identifier however it was typed: trimmed, upper case, no spaces (`ab 123` → `AB123`). */
export function normaliseId(id: string): string {
	return id.trim().toUpperCase().replace(/\s+/g, '');
}

const encoder = new TextEncoder();

function toHex(bytes: Uint8Array): string {
	let hex = '';
	for (const b of bytes) hex += b.toString(16).padStart(2, '0');
	return hex.toUpperCase();
}

/** A function that pseudonymises identifiers with one key, importing the key into WebCrypto once. */
export async function pseudonymiser(key: string): Promise<(id: string) => Promise<string>> {
	if (key === '') throw new Error('A partnership key is needed to make pseudonyms.');
	const cryptoKey = await crypto.subtle.importKey('raw', encoder.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
		'sign'
	]);
	return async (id: string) => {
		const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(normaliseId(id))));
		return PSEUDONYM_PREFIX + toHex(mac.subarray(0, PSEUDONYM_HEX_DIGITS / 2));
	};
}

/**
 * The pseudonym of one identifier under a partnership key: `P-` and the first 16 hex digits
 * (upper case) of HMAC-SHA-256(key, normalised id), both UTF-8.
 */
export async function pseudonymFor(key: string, id: string): Promise<string> {
	return (await pseudonymiser(key))(id);
}

/**
 * Pseudonyms for many identifiers, in order. WebCrypto signs asynchronously, so requests go in
 * batches: enough in flight to keep it busy, not so many that 100,000 promises pile up at once.
 */
export async function pseudonymsFor(key: string, ids: readonly string[], batchSize = 1000): Promise<string[]> {
	const make = await pseudonymiser(key);
	const out: string[] = new Array(ids.length);
	for (let start = 0; start < ids.length; start += batchSize) {
		const batch = ids.slice(start, start + batchSize);
		const made = await Promise.all(batch.map(make));
		for (let i = 0; i < made.length; i++) out[start + i] = made[i];
	}
	return out;
}

export interface PrivacyReport {
	/** Columns emptied: never imported. */
	dropped: string[];
	/** Columns reduced to month of birth. */
	degraded: string[];
	/** Columns whose identifiers were replaced by keyed pseudonyms. */
	pseudonymised: string[];
	/** Plain English, one line per column, for the import screen and the import record. */
	notices: string[];
}

/**
 * The staged column a plan item means. Staging names a repeated header `Name`, `Name_1`… and an
 * empty one `column<i>` (stage.ts), so accept those at the plan's position.
 */
function resolveColumn(columns: readonly string[], item: ColumnPrivacy): string {
	const want = normaliseHeaderCell(item.column) || `column${item.index}`;
	const at = columns[item.index];
	if (at !== undefined) {
		const got = normaliseHeaderCell(at);
		if (got === want || (got.startsWith(want + '_') && /^\d+$/.test(got.slice(want.length + 1)))) return at;
	}
	const same = columns.filter((c) => normaliseHeaderCell(c) === want);
	if (same.length === 1) return same[0];
	// Fail closed: importing with an identifying column left in place is worse than not importing.
	throw new Error(
		`Column '${item.column}' was marked as identifying but could not be found in the staged file, so the file was not imported.`
	);
}

/** Date patterns a date of birth may be written in, tried in order; ours, never from a file. */
const BIRTH_DATE_PATTERNS = [
	'%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d',
	'%d %b %Y', '%d %B %Y', '%d-%b-%Y', '%d-%B-%Y'
];
/** Two-digit years (`15/03/11`), read 1969–2068; tried only on such cells, since `%Y` would read `11` as the year 11. */
const SHORT_YEAR_PATTERNS = ['%d/%m/%y', '%d-%m-%y', '%d.%m.%y'];

const patternList = (patterns: readonly string[]) => `[${patterns.map((p) => `'${p}'`).join(', ')}]`;

/**
 * SQL for the month (`yyyy-mm`) of a date-of-birth cell, NULL when it cannot be read. A time
 * after the date is ignored; a cell that already holds a month (`2011-03`, `03/2011`) is kept.
 */
function birthMonthSql(cell: string): string {
	const v = `NULLIF(trim(${cell}), '')`;
	const dateOnly = `regexp_replace(${v}, '[T ]\\d{1,2}:\\d{2}.*$', '')`;
	const parsed = `CASE WHEN regexp_full_match(${dateOnly}, '\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2}')
		THEN try_strptime(${dateOnly}, ${patternList(SHORT_YEAR_PATTERNS)})
		ELSE try_strptime(${dateOnly}, ${patternList(BIRTH_DATE_PATTERNS)}) END`;
	return `CASE
		WHEN regexp_full_match(${v}, '\\d{4}-(0[1-9]|1[0-2])') THEN ${v}
		WHEN regexp_full_match(${v}, '(0?[1-9]|1[0-2])/\\d{4}') THEN split_part(${v}, '/', 2) || '-' || lpad(split_part(${v}, '/', 1), 2, '0')
		WHEN year(${parsed}) BETWEEN 1900 AND 2100 THEN strftime(${parsed}, '%Y-%m')
		END`;
}

const MAP_TABLE = 'privacy_pseudonyms';

/**
 * A plain Utf8 Arrow vector built in one pass (apache-arrow's `vectorFromArray` builder takes half
 * a second for 100,000 strings, and `tableFromArrays` would make dictionaries of them).
 */
function utf8Vector(values: readonly string[]): Vector<Utf8> {
	const encoded = values.map((v) => encoder.encode(v));
	const offsets = new Int32Array(values.length + 1);
	for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i] + encoded[i].length;
	const bytes = new Uint8Array(offsets[values.length]);
	for (let i = 0; i < encoded.length; i++) bytes.set(encoded[i], offsets[i]);
	return makeVector(makeData({ type: new Utf8(), length: values.length, nullCount: 0, valueOffsets: offsets, data: bytes }));
}

/**
 * Replace every value of `column` by its pseudonym: read the distinct values, make their HMACs
 * in JavaScript (WebCrypto), load value → pseudonym into a temporary table through Arrow, and
 * update the stage from it. Returns how many distinct identifiers there were.
 */
async function pseudonymiseColumn(engine: Engine, table: string, column: string, key: string): Promise<number> {
	const col = quoteIdent(column);
	// Each value comes back behind one character and leaves it here: apache-arrow decodes strings
	// with a TextDecoder that drops a leading U+FEFF, and a value changed on its way back would
	// match no row below, leaving that child with no ID.
	const rows = await engine.query<{ v: string }>(`SELECT DISTINCT '|' || ${col} AS v FROM ${table} WHERE ${col} IS NOT NULL`);
	const raw: string[] = [];
	const normalised: string[] = [];
	for (const row of rows) {
		const v = row.v.slice(1);
		const n = normaliseId(v);
		if (n === '') continue; // blank: becomes NULL below
		raw.push(v);
		normalised.push(n);
	}
	const unique = [...new Set(normalised)];
	const made = await pseudonymsFor(key, unique);
	const byId = new Map(unique.map((n, i) => [n, made[i]]));
	const pseudo = normalised.map((n) => byId.get(n) as string);

	const map = quoteIdent(MAP_TABLE);
	// Temporary, so the identifiers in it live only in memory and never in the saved workspace.
	await engine.exec(`CREATE OR REPLACE TEMP TABLE ${map} (raw VARCHAR, pseudo VARCHAR)`);
	try {
		if (raw.length > 0) {
			const arrow = new Table({ raw: utf8Vector(raw), pseudo: utf8Vector(pseudo) });
			await engine.loadArrow(MAP_TABLE, tableToIPC(arrow, 'stream'));
		}
		// Every value is replaced: one without a pseudonym (blank) becomes NULL, never stays as it was.
		await engine.exec(`UPDATE ${table} SET ${col} = (SELECT m.pseudo FROM ${map} m WHERE m.raw = ${table}.${col})`);
	} finally {
		await engine.exec(`DROP TABLE IF EXISTS ${map}`);
	}
	return unique.length;
}

/** What removing identifying columns did when there was nothing to remove. */
export function emptyPrivacyReport(): PrivacyReport {
	return { dropped: [], degraded: [], pseudonymised: [], notices: [] };
}

/**
 * Apply a privacy plan to the staged table `stageTable` (text columns) in place. With no key
 * (null or empty), a column to pseudonymise is emptied instead, and a notice says the user must
 * enter the partnership key to link children. Throws, changing nothing further, if a planned
 * column is not in the table.
 */

export async function applyPrivacy(
	engine: Engine,
	stageTable: string,
	plan: ColumnPrivacy[],
	key: string | null
): Promise<PrivacyReport> {
	const report = emptyPrivacyReport();
	if (plan.length === 0) return report;
	const table = quoteIdent(stageTable);
	const columns = (await engine.query<{ column_name: string }>(`DESCRIBE ${table}`)).map((r) => r.column_name);
	const resolved = plan.map((item) => ({ item, column: resolveColumn(columns, item) }));
	const done = new Set<string>();
	for (const { item, column } of resolved) {
		if (done.has(column)) continue;
		done.add(column);
		const col = quoteIdent(column);
		const what = KIND_WORDS[item.kind];
		if (item.action === 'drop') {
			await engine.exec(`UPDATE ${table} SET ${col} = NULL`);
			report.dropped.push(item.column);
			report.notices.push(`Column '${item.column}' looked like ${what} and was not imported.`);
		} else if (item.action === 'degrade_to_month') {
			const month = birthMonthSql(col);
			const [{ unreadable }] = await engine.query<{ unreadable: number }>(
				`SELECT count(*)::INTEGER AS unreadable FROM ${table} WHERE NULLIF(trim(${col}), '') IS NOT NULL AND (${month}) IS NULL`
			);
			await engine.exec(`UPDATE ${table} SET ${col} = ${month}`);
			report.degraded.push(item.column);
			report.notices.push(
				`Column '${item.column}' looked like ${what}: only the month of birth (yyyy-mm) was kept.` +
					(unreadable > 0 ? ` ${unreadable} ${unreadable === 1 ? 'value was' : 'values were'} not a date we could read and ${unreadable === 1 ? 'was' : 'were'} left blank.` : '')
			);
		} else if (key === null || key === '') {
			await engine.exec(`UPDATE ${table} SET ${col} = NULL`);
			report.dropped.push(item.column);
			report.notices.push(
				`Column '${item.column}' held ${what} and was not imported, because no partnership key was entered. ` +
					'Enter the partnership key to turn them into pseudonyms that link the same child across agencies.'
			);
		} else {
			const n = await pseudonymiseColumn(engine, table, column, key);
			report.pseudonymised.push(item.column);
			report.notices.push(
				`Column '${item.column}' held ${what}: ${n.toLocaleString('en-GB')} different ${n === 1 ? 'identifier was' : 'identifiers were'} replaced by pseudonyms made with your partnership key, so the originals were not imported.`
			);
		}
	}
	return report;
}
