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

/** Excel counts days from 30 Dec 1899 (its 1900 leap-year bug makes that the right origin after Feb 1900). */
const EXCEL_EPOCH = "TIMESTAMP '1899-12-30 00:00:00'";

function timestampSql(raw: string, format: DateFormat): string {
	switch (format) {
		case 'excel':
			// Serial 1 is 1 Jan 1900 and 2958465 is 31 Dec 9999; anything else is not a date (and would overflow).
			return `(CASE WHEN TRY_CAST(${raw} AS DOUBLE) BETWEEN 1 AND 2958466
				THEN ${EXCEL_EPOCH} + to_microseconds((TRY_CAST(${raw} AS DOUBLE) * 86400000000)::BIGINT) END)`;
		case 'ym':
			return `try_strptime(${raw} || '-01', '%Y-%m-%d')`;
		default: {
			// A list of patterns, tried in order; the patterns are ours, never from a file.
			const list = DATE_PATTERNS[format].map((p) => `'${p}'`).join(', ');
			return `try_strptime(${raw}, [${list}])`;
		}
	}
}

export function convertSql(raw: string, kind: FieldKind, format: DateFormat): string {
	switch (kind) {
		case 'text':
		case 'code':
		case 'boolean':
			return raw;
		case 'date':
			return `(${timestampSql(raw, format)})::DATE`;
		case 'timestamp':
			return `(${timestampSql(raw, format)})::TIMESTAMP`;
		case 'month':
			return `date_trunc('month', ${timestampSql(raw, format)})::DATE`;
		case 'integer':
			// Whole numbers only (DuckDB would round "12.6"); thousands separators only in their places ("1,296", not "1,0").
			return `(CASE WHEN regexp_full_match(${raw}, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)') THEN TRY_CAST(replace(${raw}, ',', '') AS INTEGER) END)`;
		case 'number':
			return `(CASE WHEN regexp_full_match(${raw}, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\\.[0-9]+)?') THEN TRY_CAST(replace(${raw}, ',', '') AS DOUBLE) END)`;
	}
}
