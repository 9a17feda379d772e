/**
 * SQL that turns a trimmed text cell into a canonical value, per field kind and date format.
 * Conversions use DuckDB's TRY_ functions so a bad cell becomes NULL (and a validation rule then
 * explains why) instead of failing the whole file.
 */
import type { FieldKind } from './targets';
import type { DateFormat } from './mapping';

const DATE_PATTERNS: Record<Exclude<DateFormat, 'excel' | 'ym'>, readonly string[]> = {
	dmy: ['%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d/%m/%y', '%d-%m-%Y', '%d.%m.%Y'],
	iso: ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d'],
	'mon-yy': ['%b-%y', '%b-%Y', '%b %Y', '%B %Y']
};

/** Excel counts days from 30 Dec 1899 (its 1900 leap-year bug makes that the right origin after Feb 1900). */
const EXCEL_EPOCH = "TIMESTAMP '1899-12-30 00:00:00'";

function timestampSql(raw: string, format: DateFormat): string {
	switch (format) {
		case 'excel':
			return `(${EXCEL_EPOCH} + to_microseconds((TRY_CAST(${raw} AS DOUBLE) * 86400000000)::BIGINT))`;
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
			return `TRY_CAST(replace(${raw}, ',', '') AS INTEGER)`;
		case 'number':
			return `TRY_CAST(replace(${raw}, ',', '') AS DOUBLE)`;
	}
}
