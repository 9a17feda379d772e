/**
 * A mapping says how one agency's export becomes rows of a canonical table: which source column
 * feeds each field, how coded values translate, and how dates are written. Mappings are plain
 * data (saved per agency, matched to files by header), so the import pipeline, the sample data
 * and the command line all load files the same way.
 */
import type { TargetTable } from './targets';

/**
 * How dates are written in a file. `dmy` is the UK `dd/mm/yyyy` (also accepts `dd/mm/yy`, and a
 * time after the date for timestamps); `iso` is `yyyy-mm-dd`; `ym` is `yyyy-mm`; `excel` is an
 * Excel serial day number; `mon-yy` is `Jan-22`.
 */
export type DateFormat = 'dmy' | 'iso' | 'ym' | 'excel' | 'mon-yy';

export const DATE_FORMAT_LABELS: Record<DateFormat, string> = {
	dmy: 'dd/mm/yyyy',
	iso: 'yyyy-mm-dd',
	ym: 'yyyy-mm',
	excel: 'Excel serial number',
	'mon-yy': 'Mon-yy (e.g. Jan-22)'
};

/** A canonical value a source value maps to. `null` means "recorded as not known". */
export type MappedValue = string | boolean | null;

export interface FieldRule {
	/** Source column name, exactly as in the file's header. */
	column: string;
	/** Source value (compared trimmed and case-insensitively) → canonical value. */
	values?: Record<string, MappedValue>;
	/** Overrides the mapping's date format for this field. */
	format?: DateFormat;
	/** Take one part of the cell, e.g. `0` of `13-15` split on `-`. */
	part?: { separator: string; index: number };
}

export interface Mapping {
	/** Shown to the user and recorded with each import, e.g. "Police CSE referrals (Northbrook)". */
	name: string;
	/** Whose export this is; fills the `agency` column. */
	agency: string;
	target: TargetTable;
	/** The header this mapping was made for; a file with the same header uses it automatically. */
	header: readonly string[];
	dateFormat: DateFormat;
	fields: Readonly<Record<string, FieldRule>>;
	/** Fixed values for fields the file does not carry, e.g. `{ risk_tool: 'SERAF' }`. */
	constants?: Readonly<Record<string, string | number | boolean>>;
}

/** Yes/no spellings every boolean field understands without being told. */
export const DEFAULT_BOOLEAN_VALUES: Record<string, MappedValue> = {
	y: true, yes: true, true: true, '1': true, t: true,
	n: false, no: false, false: false, '0': false, f: false,
	'not known': null, unknown: null, 'n/k': null, nk: null, 'not recorded': null
};

/** Presets for common risk scales (DOMAIN.md "Risk assessment scales"). */
export const RISK_PRESETS: Record<string, Record<string, MappedValue>> = {
	'SERAF categories 1–4': { '1': 'none', '2': 'low', '3': 'medium', '4': 'high' },
	'Low / Medium / High': { low: 'low', medium: 'medium', high: 'high', 'no risk': 'none', none: 'none' },
	'At risk / Significant / Serious': { 'at risk': 'low', significant: 'medium', serious: 'high' },
	'No risk / Emerging / Moderate / Significant': {
		'no risk': 'none', 'low-emerging': 'low', emerging: 'low',
		'medium-moderate': 'medium', moderate: 'medium', 'high-significant': 'high', significant: 'high'
	}
};

/** Normalise a header cell for matching: trimmed, lower case, BOM removed. */
export function normaliseHeaderCell(cell: string): string {
	return cell.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** True when `header` is the header `mapping` was made for (ignoring case, spaces at the ends, column order). */
export function mappingMatchesHeader(mapping: Mapping, header: readonly string[]): boolean {
	const want = [...mapping.header].map(normaliseHeaderCell).sort();
	const got = [...header].map(normaliseHeaderCell).sort();
	return want.length === got.length && want.every((c, i) => c === got[i]);
}
