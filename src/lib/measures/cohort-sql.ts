/**
 * The counting rule shared by the cohort measures, as SQL. Kept in one place so every measure
 * counts the same children.
 *
 * A concern record is *active* in a period when it is dated within the period, or it was
 * recorded earlier and the case was still open during the period (closed on or after the
 * period start, or recorded as open with no closure date). Records that carry no status (a
 * one-off health or voluntary-sector concern) count only in the period they are dated in.
 *
 * A child counts once per period. Their risk level is the one at their latest assessment in the
 * period that recorded a level (the higher level on a same-day tie); their age is taken at their
 * first assessment in the period (from month of birth where known, else the age recorded then,
 * plus whole years to the period start for a case carried in); sex and ethnic group are the latest
 * known in the period (a later "not known" does not undo an earlier answer); disability or SEN is
 * "yes" when any record in the period says so. A child "went missing" in the period if a missing
 * episode (any agency's) started in it, or a record dated in the period flags going missing.
 * "New" means new to the partnership: no record from any agency before the period, whatever the
 * filters.
 */
import type { Engine, SqlParam } from '$lib/db/engine';
import type { Filters } from './filters';
import type { Period } from './periods';
import { periodCohortSql, periodCohortsSql } from './cohort-tables';

/** Risk levels in order, for "highest" and for sorting. */
export const RISK_RANK = `CASE risk_level WHEN 'high' THEN 4 WHEN 'medium' THEN 3 WHEN 'low' THEN 2 WHEN 'none' THEN 1 ELSE 0 END`;

/** Age band SQL for an age in whole years (NULL → unknown). */
export const AGE_BAND_SQL = (age: string) =>
	`CASE WHEN ${age} IS NULL THEN 'unknown' WHEN ${age} <= 12 THEN '0-12' WHEN ${age} <= 15 THEN '13-15' WHEN ${age} <= 17 THEN '16-17' ELSE '18+' END`;

/**
 * The filters as SQL conditions, with their values appended to `params` as numbered placeholders.
 * Record conditions apply to concern records (alias `c`); child conditions to one row per child
 * (columns risk_level, age_band, sex, ethnic_group). Shared by every cohort, by period or by month.
 */
export function filterConditions(filters: Filters, params: SqlParam[]): { record: string; child: string } {
	const p = (value: SqlParam) => {
		params.push(value);
		return `$${params.length}`;
	};
	const inList = (values: readonly string[]) => values.map((v) => p(v)).join(', ');

	const recordConditions: string[] = [];
	if (filters.agency?.length) recordConditions.push(`c.agency IN (${inList(filters.agency)})`);
	if (filters.exploitationType?.length) recordConditions.push(`c.exploitation_type IN (${inList(filters.exploitationType)})`);
	if (filters.ward?.length) {
		const wards = inList(filters.ward);
		// A home area recorded as a small area inside the ward, or as the ward itself.
		recordConditions.push(
			`(c.home_area IN (${wards}) OR c.home_area IN (SELECT area_code FROM areas WHERE level = 'small_area' AND parent_code IN (${wards})))`
		);
	}
	const childConditions: string[] = [];
	if (filters.riskLevel?.length) childConditions.push(`coalesce(risk_level, 'not_recorded') IN (${inList(filters.riskLevel)})`);
	if (filters.ageBand?.length) childConditions.push(`age_band IN (${inList(filters.ageBand)})`);
	if (filters.sex?.length) childConditions.push(`coalesce(sex, 'unknown') IN (${inList(filters.sex)})`);
	if (filters.ethnicGroup?.length) childConditions.push(`coalesce(ethnic_group, 'unknown') IN (${inList(filters.ethnicGroup)})`);
	const and = (conditions: string[]) => conditions.map((c) => ` AND ${c}`).join('');
	return { record: and(recordConditions), child: and(childConditions) };
}

/**
 * The per-child columns of the counting rule (risk level, age, sex, ethnic group, disability, looked
 * after, flagged missing, agencies), aggregated over active records `a` grouped by child, for a
 * period that starts at `start` (SQL: a placeholder, or a column when many periods are worked out
 * at once, as `cohortPeriodsSql` does). One text for both, so they cannot drift apart.
 */
export function childColumnsSql(start: string): string {
	return `-- Latest assessment (ties: higher level first).
		       arg_max(a.risk_level, (a.identified_on, ${RISK_RANK.replaceAll('risk_level', 'a.risk_level')})) AS risk_level,
		       -- Age at the first assessment in the period (or at the period start for a case carried in).
		       arg_min(
		         CASE WHEN a.birth_month IS NOT NULL
		              THEN date_diff('year', a.birth_month, greatest(a.identified_on, ${start}))
		                   - CASE WHEN strftime(greatest(a.identified_on, ${start}), '%m-%d') < strftime(a.birth_month, '%m-%d') THEN 1 ELSE 0 END
		              WHEN a.age_years IS NOT NULL
		              THEN a.age_years + CASE WHEN a.identified_on < ${start}
		                   -- whole years from the record to the period start, not calendar-year boundaries
		                   THEN date_diff('year', a.identified_on, ${start})
		                        - CASE WHEN strftime(${start}, '%m-%d') < strftime(a.identified_on, '%m-%d') THEN 1 ELSE 0 END
		                   ELSE 0 END
		         END,
		         a.identified_on) AS age,
		       arg_max(a.sex, a.identified_on) FILTER (WHERE a.sex IS NOT NULL AND a.sex <> 'unknown') AS sex,
		       arg_max(a.ethnic_group, a.identified_on) FILTER (WHERE a.ethnic_group IS NOT NULL AND a.ethnic_group <> 'unknown') AS ethnic_group,
		       bool_or(a.disability_sen) AS disability_sen,
		       bool_or(a.looked_after) AS looked_after,
		       -- Only records dated in the period: an old open case's missing flag is not this period's news.
		       bool_or(a.flag_missing) FILTER (WHERE a.identified_on >= ${start}) AS flagged_missing,
		       count(DISTINCT a.agency)::INTEGER AS agencies`;
}

/**
 * Builds `WITH`-able SQL for the cohort of `period` under `filters`, with its parameters.
 * Defines `active` (the concern records that count), `cohort` (one row per child) and
 * `missing_in_period`. Placeholders are numbered ($1 = start, $2 = end, then filter values), so a
 * measure may reuse them; add your own after `params.length`.
 */
export function cohortSql(period: Pick<Period, 'start' | 'end'>, filters: Filters = {}): { sql: string; params: SqlParam[] } {
	const params: SqlParam[] = [period.start, period.end];
	const conditions = filterConditions(filters, params);

	const sql = `
	active AS (
		SELECT c.*
		FROM concerns c
		WHERE c.identified_on <= $2::DATE
		  AND (c.identified_on >= $1::DATE
		       OR c.closed_on >= $1::DATE
		       OR (c.closed_on IS NULL AND c.status = 'open'))${conditions.record}
	),
	first_seen AS (
		SELECT child_id, min(identified_on) AS first_on FROM concerns GROUP BY child_id
	),
	missing_in_period AS (
		SELECT DISTINCT child_id FROM missing_episodes
		WHERE started_at::DATE BETWEEN $1::DATE AND $2::DATE
	),
	child_rows AS (
		SELECT a.child_id,
		       ${childColumnsSql('$1::DATE')}
		FROM active a
		GROUP BY a.child_id
	),
	cohort AS (
		SELECT r.*,
		       ${AGE_BAND_SQL('r.age')} AS age_band,
		       f.first_on >= $1::DATE AS is_new,
		       coalesce(r.flagged_missing, false) OR m.child_id IS NOT NULL AS went_missing
		FROM child_rows r
		JOIN first_seen f USING (child_id)
		LEFT JOIN missing_in_period m USING (child_id)
		WHERE true${conditions.child}
	)`;
	return { sql, params };
}

/**
 * A SELECT of `cohortSql`'s `cohort` for every six-month period from the one starting `$1` to the one
 * starting `$2` (period starts, six months apart), without filters, one row per period and child
 * with `period_start` first. The derived table cohort-tables.ts keeps is this, so a measure reads
 * a period's cohort instead of working it out from every record again. The same rule, column for
 * column: the active records and child columns are `cohortSql`'s with the period's start and end
 * taken from the row instead of `$1`/`$2`.
 */
export function cohortPeriodsSql(): string {
	return `
	WITH periods AS (
		SELECT p::DATE AS period_start, (p + INTERVAL 6 MONTH - INTERVAL 1 DAY)::DATE AS period_end
		FROM generate_series($1::DATE, $2::DATE, INTERVAL 6 MONTH) t(p)
	),
	active AS (
		SELECT p.period_start, c.*
		FROM periods p
		JOIN concerns c
		  ON c.identified_on <= p.period_end
		 AND (c.identified_on >= p.period_start
		      OR c.closed_on >= p.period_start
		      OR (c.closed_on IS NULL AND c.status = 'open'))
	),
	first_seen AS (
		SELECT child_id, min(identified_on) AS first_on FROM concerns GROUP BY child_id
	),
	missing_in_period AS (
		SELECT DISTINCT p.period_start, e.child_id
		FROM periods p JOIN missing_episodes e ON e.started_at::DATE BETWEEN p.period_start AND p.period_end
	),
	child_rows AS (
		SELECT a.period_start, a.child_id,
		       ${childColumnsSql('a.period_start')}
		FROM active a
		GROUP BY a.period_start, a.child_id
	)
	SELECT r.*,
	       ${AGE_BAND_SQL('r.age')} AS age_band,
	       f.first_on >= r.period_start AS is_new,
	       coalesce(r.flagged_missing, false) OR m.child_id IS NOT NULL AS went_missing
	FROM child_rows r
	JOIN first_seen f USING (child_id)
	LEFT JOIN missing_in_period m ON m.period_start = r.period_start AND m.child_id = r.child_id
	ORDER BY r.period_start`;
}

/** Counts the cohort by one SQL expression over `cohort`'s columns; every category appears, in order. */
export async function cohortCountBy<C extends string>(
	engine: Engine,
	period: Pick<Period, 'start' | 'end'> & { filters?: Filters },
	categorySql: string,
	categories: readonly C[]
): Promise<{ category: C; children: number }[]> {
	const { sql, params } = await periodCohortSql(engine, period, period.filters);
	const rows = await engine.query<{ category: string; children: number }>(
		`WITH ${sql}
		SELECT ${categorySql} AS category, count(*)::INTEGER AS children
		FROM cohort GROUP BY ALL`,
		params
	);
	return categories.map((category) => ({ category, children: rows.find((r) => r.category === category)?.children ?? 0 }));
}

/**
 * `cohortCountBy` for several periods, in order: one query from the derived period table when it
 * serves them all, otherwise one per period.
 */
export async function cohortCountByIn<C extends string>(
	engine: Engine,
	periods: readonly Pick<Period, 'start' | 'end'>[],
	filters: Filters | undefined,
	categorySql: string,
	categories: readonly C[]
): Promise<{ category: C; children: number }[][]> {
	const together = await periodCohortsSql(engine, periods, filters);
	if (!together) return Promise.all(periods.map((p) => cohortCountBy(engine, { ...p, filters }, categorySql, categories)));
	// Grouped by the period's date, formatted after: grouping by the formatted text formats every row.
	const rows = await engine.query<{ start: string; category: string; children: number }>(
		`WITH ${together.sql}
		SELECT strftime(period_start, '%Y-%m-%d') AS start, category, children
		FROM (SELECT period_start, ${categorySql} AS category, count(*)::INTEGER AS children FROM cohort GROUP BY ALL)`,
		together.params
	);
	return periods.map((p) =>
		categories.map((category) => ({ category, children: rows.find((r) => r.start === p.start && r.category === category)?.children ?? 0 }))
	);
}
