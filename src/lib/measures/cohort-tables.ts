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
 * - A build takes the engine lock (db/exclusive.ts), like an import: it never runs inside an
 *   import's transaction (where it would read half an import, be rolled back with a cancelled one,
 *   and add its memory to the import's peak). So never run a measure inside `exclusive()`: a
 *   build it starts would wait for the lock its caller holds.
 *
 * How a page's measures avoid repeating work (bench/README.md, "The measures against their
 * targets", round 2):
 * - `cohortScope(engine)` gives a page call (pageMeasures, summary()) one look at the data's
 *   signature and the tables, shared by all its measures, instead of one query per measure.
 *   Outside a scope (tests, the command line, the catalogue) every lookup looks for itself.
 * - `keptPerData` keeps figures that depend only on the data (the child population of a year),
 *   inside scopes only, until the signature moves or `dataChanged` is called: the same rule as
 *   the tables.
 * - `prepareCohortTables` builds the tables ahead of the pages, right after a data change
 *   (workspace.changed()), so the first view does not wait for the rebuild if it comes later.
 */
import type { Engine, SqlParam } from '$lib/db/engine';
import { quoteIdent, quoteLiteral } from '$lib/db/engine';
import { exclusive } from '$lib/db/exclusive';
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
 * The data a derived table or a kept figure depends on, cheaply: counts of the tables they read and
 * every import. The app changes concern records, missing episodes, areas and population only by
 * importing and removing imports (boundary files included), so any change moves this.
 */
const SIGNATURE_SQL = `(SELECT count(*) FROM concerns)::VARCHAR || '/' || (SELECT count(*) FROM missing_episodes)::VARCHAR || '/' ||
	(SELECT count(*) FROM areas)::VARCHAR || '/' || (SELECT count(*) FROM population)::VARCHAR || '/' ||
	coalesce((SELECT string_agg(import_id::VARCHAR || ':' || fingerprint || ':' || rows_loaded::VARCHAR || ':' || imported_at::VARCHAR, ',' ORDER BY import_id) FROM imports), '')`;

interface EngineState {
	building: Map<CohortTableKind, Promise<CohortTable | null>>;
	/** Tables to rebuild whatever their signature says (after `dataChanged`). */
	stale: Set<CohortTableKind>;
	/** A build that failed (e.g. out of memory) is not retried until the data change. */
	failed: Map<CohortTableKind, string>;
	/** False: always the direct SQL (tests compare the two). */
	enabled: boolean;
	/** Figures kept by `keptPerData`, for the data whose signature is `signature`; null after `dataChanged`. */
	kept: { signature: string; lists: Map<string, Map<unknown, unknown>> } | null;
}
/** A page call's engine (`cohortScope`): the engine it stands for, and its one look at the data. */
interface Scope {
	base: Engine;
	look: Promise<Look> | null;
}
/** The data's signature now, and each derived table as built (its comment), if it exists. */
interface Look {
	now: string;
	built: Partial<Record<CohortTableKind, CohortTable>>;
}
const states = new WeakMap<Engine, EngineState>();
const scopes = new WeakMap<Engine, Scope>();
function stateOf(engine: Engine): EngineState {
	const base = scopes.get(engine)?.base ?? engine;
	let s = states.get(base);
	if (!s) states.set(base, (s = { building: new Map(), stale: new Set(), failed: new Map(), enabled: true, kept: null }));
	return s;
}

/** Call after any change to the data: the next lookup rebuilds every derived table, and kept figures are forgotten. */
export function dataChanged(engine: Engine): void {
	const s = stateOf(engine);
	for (const kind of Object.keys(TABLE) as CohortTableKind[]) s.stale.add(kind);
	s.failed.clear();
	s.kept = null;
}

/**
 * The engine for one page call (one run of a page's measures): the same engine, whose lookups of
 * the derived tables and of kept figures share one look at the data (one query for the call, not
 * one per measure). A page call takes a few hundred milliseconds at most; data changed meanwhile
 * is caught by the next call, which pageMeasures makes on every change (and whose answer replaces
 * this one's). A scope of a scope is itself.
 */
export function cohortScope(engine: Engine): Engine {
	if (scopes.has(engine)) return engine;
	const scoped: Engine = { ...engine };
	scopes.set(scoped, { base: engine, look: null });
	return scoped;
}

async function lookNow(engine: Engine): Promise<Look> {
	const names = Object.values(TABLE);
	const [row] = await engine.query<{ now: string; comments: { name: string; comment: string | null }[] | null }>(
		`SELECT ${SIGNATURE_SQL} AS now,
		        (SELECT list({'name': table_name, 'comment': comment}) FROM duckdb_tables()
		         WHERE database_name = 'temp' AND table_name IN (${names.map(() => '?').join(', ')})) AS comments`,
		names
	);
	const built: Look['built'] = {};
	for (const kind of Object.keys(TABLE) as CohortTableKind[]) {
		const comment = row.comments?.find((c) => c.name === TABLE[kind])?.comment;
		if (comment) built[kind] = JSON.parse(comment) as CohortTable;
	}
	return { now: row.now, built };
}

/** The data's signature and the tables: the scope's one look, or a new look outside a scope. */
function look(engine: Engine): Promise<Look> {
	const scope = scopes.get(engine);
	if (!scope) return lookNow(engine);
	return (scope.look ??= lookNow(engine));
}

/** After a build the scope's look is out of date: the next lookup looks again. */
function lookAgain(engine: Engine): void {
	const scope = scopes.get(engine);
	if (scope) scope.look = null;
}

/**
 * A map for figures of `measure` that depend only on the data (not on filters or the time), valid
 * until the data change: inside a page call's scope and with the derived tables on, else null
 * (compute every time: tests, the command line). Forgotten when the signature moves or after
 * `dataChanged`, exactly when the derived tables are rebuilt.
 */
export async function keptPerData<K, V>(engine: Engine, measure: string): Promise<Map<K, V> | null> {
	const s = stateOf(engine);
	if (!scopes.has(engine) || !s.enabled) return null;
	const { now } = await look(engine);
	if (s.kept?.signature !== now) s.kept = { signature: now, lists: new Map() };
	let list = s.kept.lists.get(measure);
	if (!list) s.kept.lists.set(measure, (list = new Map()));
	return list as Map<K, V>;
}

/** Whether measures on `engine` may read the derived tables (default true). Tests turn them off to compare with the direct SQL. */
export function useCohortTables(engine: Engine, enabled: boolean): void {
	stateOf(engine).enabled = enabled;
}

/** Drop the derived tables (the benchmark times a rebuild with this; nothing in the app needs it). */
export async function dropCohortTables(engine: Engine): Promise<void> {
	await engine.exec(Object.values(TABLE).map((t) => `DROP TABLE IF EXISTS temp.${quoteIdent(t)};`).join(' '));
}

/**
 * Build the table of `kind` from the data as they are now. Runs under the engine lock (see the
 * header), so no import is half done while it reads; the signature is taken under the lock too,
 * so a build that waited for an import describes the data after it.
 */
async function build(engine: Engine, kind: CohortTableKind): Promise<CohortTable | null> {
	// From here the table reflects the data now: a dataChanged from before is answered by this build.
	stateOf(engine).stale.delete(kind);
	const [bounds] = await engine.query<{ signature: string; first: string | null; last: string | null }>(
		`SELECT ${SIGNATURE_SQL} AS signature,
		        (SELECT min(identified_on) FROM concerns) AS first,
		        greatest((SELECT max(identified_on) FROM concerns), (SELECT max(started_at)::DATE FROM missing_episodes)) AS last`
	);
	const signature = bounds.signature;
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
		if (pending) {
			await pending;
			lookAgain(engine);
		}
		const seen = await look(engine);
		const built = seen.built[kind];
		if (built && built.signature === seen.now && !s.stale.has(kind)) return built;
		if (s.failed.get(kind) === seen.now) return null;
		if (s.building.has(kind)) continue; // another measure started the build meanwhile: wait for it
		const work = exclusive(() => build(engine, kind)).catch(() => {
			s.failed.set(kind, seen.now);
			// The build cleared `stale` when it started: an older table left behind must not be read.
			s.stale.add(kind);
			return null;
		});
		s.building.set(kind, work);
		try {
			const made = await work;
			if (!made) return null;
		} finally {
			s.building.delete(kind);
			lookAgain(engine);
		}
		// Look again: the data may have changed while the table was built.
	}
	return null;
}

/**
 * Build the derived tables of `kinds` now if they are not up to date (after a data change), so the
 * pages find them ready. Takes the engine lock for each build, after any import queued before it.
 * A failure is the lookup's to handle (it is recorded and the measures use the direct SQL).
 */
export async function prepareCohortTables(engine: Engine, kinds: readonly CohortTableKind[]): Promise<void> {
	for (const kind of kinds) await cohortTable(engine, kind);
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
