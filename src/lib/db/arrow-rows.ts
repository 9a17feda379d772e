/**
 * Converts an Arrow result into plain rows, once, for both engine implementations.
 *
 * Works on the structural shape of an Arrow table rather than on `instanceof` checks: in Node the
 * wasm build returns tables from Arrow's CommonJS copy while our code may hold the ESM copy.
 */
import type { Row, SqlValue } from './engine';

/** Arrow type ids we convert specially (from apache-arrow's `Type` enum, stable since v1). */
const ARROW_TYPE = { Int: 2, Decimal: 7, Date: 8, Timestamp: 10, List: 12, Struct: 13 } as const;

interface ArrowField {
	name: string;
	type: { typeId: number; scale?: number; unit?: number; children?: ArrowField[] };
}
export interface ArrowLikeTable {
	schema: { fields: ArrowField[] };
	numRows: number;
	getChildAt(i: number): { get(i: number): unknown } | null;
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** Dates arrive as milliseconds since the epoch in UTC; format them in UTC so no time zone shifts a day. */
function isoDate(ms: number): string {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function isoTimestamp(ms: number): string {
	const d = new Date(ms);
	return `${isoDate(ms)}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function toNumber(v: unknown): number {
	if (typeof v === 'bigint') {
		if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
			throw new RangeError(`Integer ${v} is too large to represent exactly; cast it to DOUBLE in SQL.`);
		}
		return Number(v);
	}
	return Number(v);
}

export function convertValue(v: unknown, type: ArrowField['type']): SqlValue {
	if (v === null || v === undefined) return null;
	switch (type.typeId) {
		case ARROW_TYPE.Int:
			return toNumber(v);
		case ARROW_TYPE.Decimal:
			// Arrow hands decimals over as the unscaled integer; SQL literals like 1.5 are DECIMAL.
			return Number(String(v)) / 10 ** (type.scale ?? 0);
		case ARROW_TYPE.Date: {
			// Arrow 17 gives DATE (DateDay and DateMillisecond alike) as milliseconds since the epoch.
			return isoDate(v instanceof Date ? v.getTime() : toNumber(v));
		}
		case ARROW_TYPE.Timestamp:
			return isoTimestamp(v instanceof Date ? v.getTime() : toNumber(v));
		case ARROW_TYPE.List: {
			const child = type.children![0];
			return Array.from(v as Iterable<unknown>, (x) => convertValue(x, child.type));
		}
		case ARROW_TYPE.Struct: {
			const out: Record<string, SqlValue> = {};
			const rec = v as Record<string, unknown>;
			for (const f of type.children!) out[f.name] = convertValue(rec[f.name], f.type);
			return out;
		}
		default:
			return typeof v === 'bigint' ? toNumber(v) : (v as SqlValue);
	}
}

export function arrowToRows<T>(table: ArrowLikeTable): T[] {
	const fields = table.schema.fields;
	const columns = fields.map((_, i) => table.getChildAt(i)!);
	const rows: T[] = new Array(table.numRows);
	for (let r = 0; r < table.numRows; r++) {
		const row: Row = {};
		for (let c = 0; c < fields.length; c++) {
			row[fields[c].name] = convertValue(columns[c].get(r), fields[c].type);
		}
		rows[r] = row as T;
	}
	return rows;
}
