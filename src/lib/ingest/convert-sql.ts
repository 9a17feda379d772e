/**
 * SQL that turns a trimmed text cell into a canonical value, per field kind and date format.
 * Conversions use DuckDB's TRY_ functions so a bad cell becomes NULL (and a validation rule then
 * explains why) instead of failing the whole file.
 */
import type { FieldKind } from './targets';
import type { DateFormat } from './mapping';

const DATE_PATTERNS: Record<Exclude<DateFormat, 'excel' | 'ym'>, readonly string[]> = {
	// Two-digit years first: `%Y` would read "24" as the year 24, while `%y` cannot match "2024".
	dmy: ['%d/%m/%y %H:%M', '%d/%m/%y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y'],
	iso: ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d'],
	'mon-yy': ['%b-%y', '%b-%Y', '%b %Y', '%B %Y']
};

/**
 * The shape nearly every cell of a format has, and the cheapest exact way to read a cell of that
 * shape. `try_strptime` with a list is slow whenever early patterns fail (the two-digit-year
 * patterns fail on every `dd/mm/yyyy` cell, about 1.3 s per 100,000 rows in DuckDB-wasm); a cell
 * of the shape can match only the one pattern used here, so the result is the same either way.
 * LIKE and GLOB are the cheapest shape tests (LIKE with only `_` costs a third of testing the
 * length and two characters). An ISO date of digits is read by a cast, at a third of the cost of
 * `try_strptime`, with the same result (the shape asks for digits: the cast alone would read
 * "-024-01-01" as a year BC).
 */
const DIGITS = (n: number) => '[0-9]'.repeat(n);
const COMMON_SHAPE: Partial<Record<DateFormat, { test: (raw: string) => string; date: (raw: string) => string }>> = {
	dmy: { test: (raw) => `${raw} LIKE '__/__/____'`, date: (raw) => `try_strptime(${raw}, '%d/%m/%Y')::DATE` },
	iso: { test: (raw) => `${raw} GLOB '${DIGITS(4)}-${DIGITS(2)}-${DIGITS(2)}'`, date: (raw) => `TRY_CAST(${raw} AS DATE)` },
	ym: { test: (raw) => `${raw} GLOB '${DIGITS(4)}-${DIGITS(2)}'`, date: (raw) => `TRY_CAST(${raw} || '-01' AS DATE)` }
};

/**
 * Cells no pattern of the format can read, told by their first characters, so `try_strptime` is
 * not tried on them: a pattern that fails costs about 2.6 µs a cell in DuckDB-wasm, so a file of
 * 100,000 ISO dates mapped as UK dates spent 2 s in each of the two conversions (the loaded rows
 * and the rejected ones) failing seven patterns per cell. Each test follows from the patterns:
 * `%d` reads at most two digits, so three digits cannot start a UK date; `%d` and `%Y` read digits
 * (after any blanks, which DuckDB skips), so a letter cannot start either; `%Y` must be followed by
 * "-", so a number then "/" or "." (a UK date) cannot start an ISO one; `%b` and `%B` read a
 * month's name, so a digit cannot start one. tests/lib/ingest/convert-sql.test.ts checks each
 * against the patterns on cells of every shape.
 */
const cannotBeYearFirst = (raw: string) => `(${raw} GLOB '[0-9][/.]*' OR ${raw} GLOB '[0-9][0-9][/.]*' OR ${raw} GLOB '[A-Za-z]*')`;
const CANNOT_BE: Partial<Record<DateFormat, (raw: string) => string>> = {
	dmy: (raw) => `(${raw} GLOB '[0-9][0-9][0-9]*' OR ${raw} GLOB '[A-Za-z]*')`,
	iso: cannotBeYearFirst,
	ym: cannotBeYearFirst,
	'mon-yy': (raw) => `${raw} GLOB '[0-9]*'`
};

/** Excel counts days from 30 Dec 1899 (its 1900 leap-year bug makes that the right origin after Feb 1900). */
const EXCEL_EPOCH = "TIMESTAMP '1899-12-30 00:00:00'";

/** Any cell of the format as a TIMESTAMP (NULL when it is not one). */
function timestampSql(raw: string, format: DateFormat): string {
	switch (format) {
		case 'excel':
			// Serial 1 is 1 Jan 1900 and 2958465 is 31 Dec 9999; anything else is not a date (and would overflow).
			return `(CASE WHEN TRY_CAST(${raw} AS DOUBLE) BETWEEN 1 AND 2958466
				THEN ${EXCEL_EPOCH} + to_microseconds((TRY_CAST(${raw} AS DOUBLE) * 86400000000)::BIGINT) END)`;
		case 'ym':
			return `try_strptime(${raw} || '-01', '%Y-%m-%d')`;
		default:
			// A list of patterns, tried in order; the patterns are ours, never from a file.
			return `try_strptime(${raw}, [${DATE_PATTERNS[format].map((p) => `'${p}'`).join(', ')}])`;
	}
}

/**
 * A cell as a DATE or TIMESTAMP: the common shape read the cheap way, a cell no pattern can read
 * NULL at once, anything else by timestampSql.
 */
function whenSql(raw: string, format: DateFormat, as: 'DATE' | 'TIMESTAMP'): string {
	const general = `(${timestampSql(raw, format)})::${as}`;
	const shape = COMMON_SHAPE[format];
	const cannotBe = CANNOT_BE[format];
	const branches = [
		shape ? `WHEN ${shape.test(raw)} THEN (${shape.date(raw)})::${as}` : '',
		cannotBe ? `WHEN ${cannotBe(raw)} THEN NULL::${as}` : ''
	].join(' ');
	return branches.trim() ? `(CASE ${branches} ELSE ${general} END)` : general;
}

/** Whole numbers (no thousands separators) read as they are written: most cells. */
const PLAIN_INTEGER = (raw: string, type: string) => `TRY_CAST(${raw} AS ${type})::VARCHAR = ${raw}`;

export function convertSql(raw: string, kind: FieldKind, format: DateFormat): string {
	switch (kind) {
		case 'text':
		case 'code':
		case 'boolean':
			return raw;
		case 'date':
			return whenSql(raw, format, 'DATE');
		case 'timestamp':
			return whenSql(raw, format, 'TIMESTAMP');
		case 'month':
			return `date_trunc('month', ${whenSql(raw, format, 'DATE')})::DATE`;
		// Whole numbers only (DuckDB would round "12.6"); thousands separators only in their places
		// ("1,296", not "1,0"). A cell that is a plain whole number as DuckDB would print it skips
		// the regular expression (a third of the cost); any other goes through it.
		case 'integer':
			return `(CASE WHEN ${PLAIN_INTEGER(raw, 'INTEGER')} THEN TRY_CAST(${raw} AS INTEGER)
				WHEN regexp_full_match(${raw}, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)') THEN TRY_CAST(replace(${raw}, ',', '') AS INTEGER) END)`;
		case 'number':
			return `(CASE WHEN ${PLAIN_INTEGER(raw, 'BIGINT')} THEN TRY_CAST(${raw} AS DOUBLE)
				WHEN regexp_full_match(${raw}, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\\.[0-9]+)?') THEN TRY_CAST(replace(${raw}, ',', '') AS DOUBLE) END)`;
	}
}
