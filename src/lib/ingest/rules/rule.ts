import type { FieldSpec, TargetTable } from '../targets';

/** SQL expressions for one mapped field of the row being checked. */
export interface FieldSql {
	spec: FieldSpec;
	/** The cell, trimmed, NULL when blank. */
	raw: string;
	/** The converted canonical value, NULL when blank or not convertible. */
	value: string;
	/** For coded and yes/no fields: TRUE when the raw value is in the value mapping. */
	known?: string;
}

export interface RuleContext {
	target: TargetTable;
	/** SQL for today's date (a DATE), so "not in the future" needs no clock inside DuckDB. */
	today: string;
	fields: ReadonlyMap<string, FieldSql>;
}

/**
 * One validation rule, in the style of the DfE 903 validator: a code, a message a coordinator
 * understands, advice on what to do, and the SQL that finds failing rows. A row failing any rule
 * is rejected (kept with its reasons, never dropped).
 */
export interface ValidationRule {
	code: string;
	title: string;
	/** Completes "Column 'X' (field label) …". */
	message: string;
	/** What the user should do about it. */
	advice: string;
	/** One entry per field this rule checks in this row: SQL that is TRUE when the row fails. */
	check(ctx: RuleContext): RuleCheck[];
}

export interface RuleCheck {
	field: string;
	failsWhen: string;
	/**
	 * The check compares the row with the file's other rows (a window over every staged row). It
	 * may then use only the fields' `raw` cells and `line`: it is worked out before any value is
	 * converted, over every row, even when only some rows are converted (the rejected rows).
	 */
	acrossRows?: true;
}

/** The reason stored with a rejected row: `CODE:field`. Kept short and free of user data. */
export function reasonKey(code: string, field: string): string {
	return `${code}:${field}`;
}
