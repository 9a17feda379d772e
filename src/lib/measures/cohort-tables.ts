/**
 * Derived cohort tables: the counting rule's one-row-per-child cohorts (cohort-sql.ts, and
 * trends.ts's per-month version), worked out once for every six-month period and every month the
 * data cover, and kept as temporary tables. A period's or a month's cohort is then a scan of rows
 * already made, instead of the per-child `arg_max`/`arg_min` work over every active record again
 * for each period, month and measure (bench/README.md, "The measures against their targets").
 *
 * Why this is safe:
 * - The tables are built by the same SQL the measures used to run (`cohortPeriodsSql` reuses
 *   `cohortSql`'s child columns; `cohortMonthsSql` is `monthlyCohortSql` over the whole range),
 *   without filters. Child-level filters (risk level, age band, sex, ethnic group) are conditions
 *   on the table's columns, as they were on `cohort`. Record-level filters (agency, exploitation
 *   type, ward) change which records count, so those queries use the direct SQL.
 * - Each table carries the signature of the data it was built from (as its table comment, so it
 *   is part of the same transaction as the rows): the number of concern records and missing
 *   episodes and the list of imports. Every lookup compares it with the data now and rebuilds when
 *   they differ, so an import, a removal or a restored workspace can never be answered from an
 *   older table. `dataChanged` (called by the workspace on every change) forces a rebuild too.
 * - Periods and months outside what a table covers (after the last data date, or more than
 *   MAX_DERIVED_MONTHS before it) use the direct SQL. Periods and months ending before the first
 *   record are empty either way (no record can be active in them), so the table answers them.
 * - Temporary tables are never saved with the workspace (snapshot.ts saves the `main` schema only)
 *   and die with the engine.
 */
import type { Engine, SqlParam } from '$lib/db/engine';
import { quoteIdent, quoteLiteral } from '$lib/db/engine';
import { cohortPeriodsSql, cohortSql, filterConditions } from './cohort-sql';
import { cohortMonthsSql } from './trends';
import type { Filters } from './filters';
import { monthsBack, periodContaining, type Period, type PeriodScheme } from './periods';

/** At most this many months (ten years, ending with the last data date) are kept; older months use the direct SQL. */
export const MAX_DERIVED_MONTHS = 120;

/** Filters the derived tables cannot serve: they choose which records count, not which children. */
const RECORD_FILTERS: readonly (keyof Filters)[] = ['agency', 'exploitationType', 'ward'];

export type CohortTableKind = 'months' | PeriodScheme;
const TABLE: Record<CohortTableKind, string> = {
	months: 'cohort_months',
	financial: 'cohort_periods_financial',
	calendar: 'cohort_periods_calendar'
};

/** What a built table covers: month or period starts from `from` to `to` (ISO, inclusive). */
export interface CohortTable {
	table: string;
	from: string;
	to: string;
	/** True when `from` is the first data month or period: anything earlier is empty, and served too. */
	fromDataStart: boolean;
	signature: string;
}

/**
 * The data a derived table depends on, cheaply: counts of the two tables it reads and every import.
 * The app changes concern records and missing episodes only by importing and removing imports, so
 * any change moves this.
 */
const SIGNATURE_SQL = `(SELECT count(*) FROM concerns)::VARCHAR || '/' || (SELECT count(*) FROM missing_episodes)::VARCHAR || '/' ||
	coalesce((SELECT string_agg(import_id::VARCHAR || ':' || fingerprint || ':' || rows_loaded::VARCHAR || ':' || imported_at::VARCHAR, ',' ORDER BY import_id) FROM imports), '')`;

interface EngineState {
	building: Map<CohortTableKind, Promise<CohortTable | null>>;
	/** Tables to rebuild whatever their signature says (after `dataChanged`). */
	stale: Set<CohortTableKind>;
	/** A build that failed (e.g. out of memory) is not retried until the data change. */
	failed: Map<CohortTableKind, string>;
	/** False: always the direct SQL (tests compare the two). */
	enabled: boolean;
}
const states = new WeakMap<Engine, EngineState>();
function stateOf(engine: Engine): EngineState {
	let s = states.get(engine);
	if (!s) states.set(engine, (s = { building: new Map(), stale: new Set(), failed: new Map(), enabled: true }));
	return s;
}

/** Call after any change to the data: the next lookup rebuilds every derived table. */
export function dataChanged(engine: Engine): void {
	const s = stateOf(engine);
	for (const kind of Object.keys(TABLE) as CohortTableKind[]) s.stale.add(kind);
	s.failed.clear();
}

/** Whether measures on `engine` may read the derived tables (default true). Tests turn them off to compare with the direct SQL. */
export function useCohortTables(engine: Engine, enabled: boolean): void {
	stateOf(engine).enabled = enabled;
}

/** Drop the derived tables (the benchmark times a rebuild with this; nothing in the app needs it). */
export async function dropCohortTables(engine: Engine): Promise<void> {
	await engine.exec(Object.values(TABLE).map((t) => `DROP TABLE IF EXISTS temp.${quoteIdent(t)};`).join(' '));
}

async function build(engine: Engine, kind: CohortTableKind, signature: string): Promise<CohortTable | null> {
	const [bounds] = await engine.query<{ first: string | null; last: string | null }>(
		`SELECT (SELECT min(identified_on) FROM concerns) AS first,
		        greatest((SELECT max(identified_on) FROM concerns), (SELECT max(started_at)::DATE FROM missing_episodes)) AS last`
	);
	if (!bounds.first || !bounds.last) return null; // no records: the direct SQL is instant
	const oldest = monthsBack(bounds.last, MAX_DERIVED_MONTHS);
	const table = TABLE[kind];
	let from: string;
	let to: string;
	let fromDataStart: boolean;
	let sql: string;
	if (kind === 'months') {
		const firstMonth = `${bounds.first.slice(0, 7)}-01`;
		fromDataStart = firstMonth >= oldest;
		from = fromDataStart ? firstMonth : oldest;
		to = `${bounds.last.slice(0, 7)}-01`;
		sql = cohortMonthsSql();
	} else {
		const firstPeriod = periodContaining(bounds.first, kind);
		fromDataStart = firstPeriod.start >= oldest;
		from = fromDataStart ? firstPeriod.start : periodContaining(oldest, kind).start;
		to = periodContaining(bounds.last, kind).start;
		sql = cohortPeriodsSql();
	}
	const params: SqlParam[] = [from, to];
	await engine.query(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS ${sql}`, params);
	const made: CohortTable = { table, from, to, fromDataStart, signature };
	await engine.exec(`COMMENT ON TABLE temp.${quoteIdent(table)} IS ${quoteLiteral(JSON.stringify(made))}`);
	return made;
}

/**
 * The derived table of `kind`, up to date with the data (rebuilt first if not), or null when
 * there is none (no data, or its build failed): then use the direct SQL.
 */
export async function cohortTable(engine: Engine, kind: CohortTableKind): Promise<CohortTable | null> {
	const s = stateOf(engine);
	if (!s.enabled) return null;
	// Normally one look (up to date) or a build and a second look; more only if the data keep changing.
	for (let attempt = 0; attempt < LOOKUPS; attempt++) {
		const pending = s.building.get(kind);
		if (pending) await pending;
		const [row] = await engine.query<{ now: string; built: string | null }>(
			`SELECT ${SIGNATURE_SQL} AS now,
			        (SELECT comment FROM duckdb_tables() WHERE database_name = 'temp' AND table_name = ?) AS built`,
			[TABLE[kind]]
		);
		const built = row.built ? (JSON.parse(row.built) as CohortTable) : null;
		if (built && built.signature === row.now && !s.stale.has(kind)) return built;
		if (s.failed.get(kind) === row.now) return null;
		if (s.building.has(kind)) continue; // another measure started the build meanwhile: wait for it
		s.stale.delete(kind);
		const work = build(engine, kind, row.now).catch(() => {
			s.failed.set(kind, row.now);
			return null;
		});
		s.building.set(kind, work);
		try {
			const made = await work;
			if (!made) return null;
		} finally {
			s.building.delete(kind);
		}
		// Look again: the data may have changed while the table was built.
	}
	return null;
}

/** How many times a lookup looks before giving up on the derived table (the direct SQL then answers). */
const LOOKUPS = 3;

const covers = (t: CohortTable, first: string, last: string) => (first >= t.from || t.fromDataStart) && last <= t.to;

/** The scheme whose periods `period` is one of, or null for any other span of dates. */
function schemeOf(period: Pick<Period, 'start' | 'end'>): PeriodScheme | null {
	for (const scheme of ['financial', 'calendar'] as const) {
		const p = periodContaining(period.start, scheme);
		if (p.start === period.start && p.end === period.end) return scheme;
	}
	return null;
}

const recordFiltered = (filters: Filters) => RECORD_FILTERS.some((k) => (filters[k]?.length ?? 0) > 0);

/**
 * `WITH`-able SQL defining `cohort` (cohortSql's columns: one row per child, after the filters) for
 * `period`, with its parameters ($1 = start, $2 = end, then filter values, as cohortSql's). From
 * the derived table when it serves the period and filters; otherwise `cohortSql` itself.
 */
export async function periodCohortSql(
	engine: Engine,
	period: Pick<Period, 'start' | 'end'>,
	filters: Filters = {}
): Promise<{ sql: string; params: SqlParam[] }> {
	const scheme = schemeOf(period);
	const derived = scheme && !recordFiltered(filters) ? await cohortTable(engine, scheme) : null;
	if (!derived || !covers(derived, period.start, period.start)) return cohortSql(period, filters);
	const params: SqlParam[] = [period.start, period.end];
	const conditions = filterConditions(filters, params);
	return {
		sql: `
	cohort AS (
		SELECT * EXCLUDE (period_start) FROM temp.${quoteIdent(derived.table)}
		WHERE period_start = $1::DATE AND $2::DATE IS NOT NULL${conditions.child}
	)`,
		params
	};
}

/**
 * `WITH`-able SQL defining `cohort` for several periods at once, with a `period_start` column, from
 * the derived table when it serves every one of them (one scan instead of a cohort per period), or
 * null: then ask `periodCohortSql` period by period. $1, $2, … are the period starts, then filter values.
 */
export async function periodCohortsSql(
	engine: Engine,
	periods: readonly Pick<Period, 'start' | 'end'>[],
	filters: Filters = {}
): Promise<{ sql: string; params: SqlParam[] } | null> {
	const schemes = new Set(periods.map(schemeOf));
	const [scheme] = schemes;
	if (!periods.length || schemes.size !== 1 || !scheme || recordFiltered(filters)) return null;
	const derived = await cohortTable(engine, scheme);
	if (!derived || !periods.every((p) => covers(derived, p.start, p.start))) return null;
	const params: SqlParam[] = periods.map((p) => p.start);
	const starts = params.map((_, i) => `$${i + 1}::DATE`).join(', ');
	const conditions = filterConditions(filters, params);
	return {
		sql: `
	cohort AS (
		SELECT * FROM temp.${quoteIdent(derived.table)}
		WHERE period_start IN (${starts})${conditions.child}
	)`,
		params
	};
}

/**
 * The derived month table when it serves every month from `from`'s to `to`'s under `filters`, else
 * null (use the direct SQL).
 */
export async function monthTableFor(engine: Engine, from: string, to: string, filters: Filters = {}): Promise<CohortTable | null> {
	if (recordFiltered(filters)) return null;
	const derived = await cohortTable(engine, 'months');
	return derived && covers(derived, `${from.slice(0, 7)}-01`, `${to.slice(0, 7)}-01`) ? derived : null;
}
