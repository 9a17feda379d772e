import type { SqlParam } from '$lib/db/engine';

/**
 * Collects parameters while SQL is being generated, so values from mappings and files never
 * become part of the SQL text: `p.add(value)` returns a `?` placeholder and remembers the value.
 */
export class ParamList {
	readonly values: SqlParam[] = [];
	add(value: SqlParam): string {
		this.values.push(value);
		return '?';
	}
}
