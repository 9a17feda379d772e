/**
 * Turns stored rejection reasons (`CODE:field`) into sentences a coordinator can act on, naming
 * the source column and, for unknown codes, the value to add to the mapping.
 */
import Papa from 'papaparse';
import { RULES } from './rules';
import type { Mapping } from './mapping';
import { normaliseHeaderCell } from './mapping';
import { TARGETS, type TargetTable } from './targets';

export interface ReasonContext {
	mapping: Mapping | null;
	/** The file's header, to find a column's value in the raw row. */
	header: readonly string[] | null;
	/** The rejected row as it was in the file (CSV text). */
	raw: string;
}

const RULES_BY_CODE = new Map(RULES.map((r) => [r.code, r]));

function fieldLabel(target: TargetTable | undefined, field: string): string {
	const spec = target ? TARGETS[target]?.find((f) => f.name === field) : undefined;
	return spec?.label ?? field.replaceAll('_', ' ');
}

/** The cell of `column` in the rejected row, found by the file's header. */
export function cellOf(context: ReasonContext, column: string | undefined): string | undefined {
	if (!column || !context.header) return undefined;
	const index = context.header.findIndex((h) => normaliseHeaderCell(h) === normaliseHeaderCell(column));
	if (index < 0) return undefined;
	const parsed = Papa.parse<string[]>(context.raw, { header: false });
	return parsed.data[0]?.[index];
}

export function describeReason(reason: string, context: ReasonContext): string {
	const [code, field] = reason.split(':');
	const rule = RULES_BY_CODE.get(code);
	const column = context.mapping?.fields[field]?.column;
	const label = fieldLabel(context.mapping?.target, field);
	const where = column ? `Column "${column}" (${label})` : label;
	if (!rule) return `${where}: ${reason}`;
	const value = cellOf(context, column);
	if (code === 'COD01' && value !== undefined && column) {
		return `${where} holds "${value.trim()}", which the mapping does not know. Add "${value.trim()}" to the mapping for column "${column}", then re-run the file.`;
	}
	const shown = value !== undefined && value.trim() !== '' ? ` ("${value.trim()}")` : '';
	return `${where}${shown} ${rule.message}. ${rule.advice}`;
}

export function describeReasons(reasons: readonly string[], context: ReasonContext): string[] {
	return reasons.map((r) => describeReason(r, context));
}
