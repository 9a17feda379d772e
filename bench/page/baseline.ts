/**
 * The baseline: how a typical dashboard would import the same export without a database.
 * papaparse (`header: true`) turns the text into one object per row, then plain JavaScript
 * converts each mapped field (dates, numbers, value mappings, yes/no), checks the same kinds of
 * rule the app checks (required fields, dates that parse and are in range, numbers in range,
 * known codes, duplicate record IDs), and keeps loaded rows as objects and rejected rows with
 * their reasons. It reads the mapping and field definitions the app uses, so it does the same job.
 */
import Papa from 'papaparse';
import { TARGETS, type FieldSpec } from '$lib/ingest/targets';
import { DEFAULT_BOOLEAN_VALUES, type DateFormat, type Mapping, type MappedValue } from '$lib/ingest/mapping';

type Value = string | number | boolean | null;
type Converter = (raw: string) => { value: Value; ok: boolean };

const pad = (n: number) => String(n).padStart(2, '0');

function isoDate(y: number, m: number, d: number): string | null {
	if (m < 1 || m > 12 || d < 1 || d > 31) return null;
	const t = new Date(Date.UTC(y, m - 1, d));
	if (t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
	return `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const YM = /^(\d{4})-(\d{1,2})$/;

function parseDate(raw: string, format: DateFormat): string | null {
	let m: RegExpExecArray | null;
	switch (format) {
		case 'dmy':
			if (!(m = DMY.exec(raw))) return null;
			return isoDate(m[3].length === 2 ? (Number(m[3]) < 69 ? 2000 : 1900) + Number(m[3]) : Number(m[3]), Number(m[2]), Number(m[1]));
		case 'iso':
			if (!(m = ISO.exec(raw))) return null;
			return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
		case 'ym':
			if (!(m = YM.exec(raw))) return null;
			return isoDate(Number(m[1]), Number(m[2]), 1);
		case 'excel': {
			const n = Number(raw);
			if (!Number.isFinite(n) || n < 1 || n > 2958466) return null;
			return new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86400000).toISOString().slice(0, 10);
		}
		case 'mon-yy': {
			const t = Date.parse(`1 ${raw.replace('-', ' ')}`);
			return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 8) + '01';
		}
	}
}

const INTEGER = /^-?(\d+|\d{1,3}(,\d{3})+)$/;
const NUMBER = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/;

function converter(spec: FieldSpec, values: Record<string, MappedValue> | undefined, format: DateFormat, today: string): Converter {
	switch (spec.kind) {
		case 'text':
			return (raw) => ({ value: raw, ok: true });
		case 'code':
		case 'boolean': {
			const map = new Map<string, MappedValue>(
				Object.entries(
					spec.kind === 'boolean'
						? { ...DEFAULT_BOOLEAN_VALUES, ...values }
						: { ...Object.fromEntries((spec.codes ?? []).map((c) => [c, c])), ...values }
				).map(([k, v]) => [k.toLowerCase(), v])
			);
			return (raw) => {
				const key = raw.toLowerCase();
				return map.has(key) ? { value: map.get(key)!, ok: true } : { value: null, ok: false };
			};
		}
		case 'date':
		case 'timestamp':
		case 'month': {
			const earliest = spec.earliest ?? '2000-01-01';
			return (raw) => {
				const d = parseDate(raw, format);
				if (d === null) return { value: null, ok: false };
				const day = spec.kind === 'month' ? d.slice(0, 8) + '01' : d;
				return { value: day, ok: day >= earliest && day <= today };
			};
		}
		case 'integer':
		case 'number': {
			const pattern = spec.kind === 'integer' ? INTEGER : NUMBER;
			const [lo, hi] = spec.range ?? [-Infinity, Infinity];
			return (raw) => {
				if (!pattern.test(raw)) return { value: null, ok: false };
				const n = Number(raw.replaceAll(',', ''));
				return { value: n, ok: n >= lo && n <= hi };
			};
		}
	}
}

export interface BaselineResult {
	read: number;
	loaded: number;
	rejected: number;
	rows: Record<string, Value>[];
	rejects: { line: number; row: Record<string, string>; reasons: string[] }[];
	parseMs: number;
}

export function baselineImport(bytes: Uint8Array, mapping: Mapping, today: string): BaselineResult {
	const t0 = performance.now();
	const text = new TextDecoder('utf-8').decode(bytes);
	const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
	const parseMs = performance.now() - t0;

	const fields = TARGETS[mapping.target]
		.filter((spec) => mapping.fields[spec.name])
		.map((spec) => {
			const rule = mapping.fields[spec.name];
			return {
				name: spec.name,
				column: rule.column,
				required: !!spec.required,
				convert: converter(spec, rule.values, rule.format ?? mapping.dateFormat, today)
			};
		});
	const constants = { ...mapping.constants, agency: mapping.agency };
	const seenIds = new Set<string>();
	const rows: Record<string, Value>[] = [];
	const rejects: BaselineResult['rejects'] = [];
	let line = 1;
	for (const source of parsed.data) {
		line++;
		const row: Record<string, Value> = { line, ...constants };
		const reasons: string[] = [];
		for (const f of fields) {
			const raw = (source[f.column] ?? '').trim();
			if (raw === '') {
				row[f.name] = null;
				if (f.required) reasons.push(`REQ01:${f.name}`);
				continue;
			}
			const { value, ok } = f.convert(raw);
			row[f.name] = value;
			if (!ok) reasons.push(`BAD:${f.name}`);
		}
		const id = row.record_id;
		if (typeof id === 'string') {
			if (seenIds.has(id)) reasons.push('DUP01:record_id');
			else seenIds.add(id);
		}
		if (reasons.length) rejects.push({ line, row: source, reasons });
		else rows.push(row);
	}
	return { read: parsed.data.length, loaded: rows.length, rejected: rejects.length, rows, rejects, parseMs };
}
