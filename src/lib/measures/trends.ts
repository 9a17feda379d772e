/**
 * Trends (DESIGN.md "Measures" 1 and 8): children at risk month by month (new vs continuing, by
 * risk level, by exploitation type) and six-monthly, each period beside the one before and the same
 * period a year earlier, with a rate per 10,000 children.
 *
 * The six-monthly figures come straight from `cohortSql`. The monthly figures need the same
 * counting rule applied to every month of a range in one query, which `cohortSql` (one period,
 * fixed `$1`/`$2`) cannot do, so `monthlyCohortSql` below restates that rule once, per month.
 * Keep the two in step: tests/lib/measures/trends.test.ts checks, month by month and filter by
 * filter, that a month here counts exactly the children `cohortSql` counts for that month.
 */
import { quoteIdent, type Engine, type SqlParam } from '$lib/db/engine';
import { EXPLOITATION_TYPES } from '$lib/db/schema';
import { defineMeasure } from './measure';
import { AGE_BAND_SQL, RISK_RANK, filterConditions } from './cohort-sql';
import { monthTableFor, periodCohortSql, periodCohortsSql } from './cohort-tables';
import type { Filters } from './filters';
import {
	denominatorYear,
	monthLabel,
	monthsBetween,
	previousPeriod,
	samePeriodLastYear,
	shiftPeriod,
	type Period,
	type PeriodScheme
} from './periods';
import { RISK_LEVEL_LABELS, RISK_LEVEL_ORDER, type RiskLevelOrUnknown } from './risk-levels';
import { childPopulationIn } from './child-population';
import { ratePer10k } from './summary';

export interface MonthRange {
	/** Any day in the first month (ISO); the month is counted whole. */
	from: string;
	/** Any day in the last month (ISO); the month is counted whole. */
	to: string;
	filters?: Filters;
}

/** `months`: every month from $1's to $2's (month_start, month_end). */
const MONTHS_SQL = `months AS (
		SELECT m::DATE AS month_start, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS month_end
		FROM generate_series(date_trunc('month', $1::DATE), date_trunc('month', $2::DATE), INTERVAL 1 MONTH) t(m)
	)`;

/**
 * `WITH`-able SQL for the monthly cohorts from `from`'s month to `to`'s month under `filters`.
 * Defines `months` (month_start, month_end), `month_active` (month_start + the concern records
 * active in that month, after the record-level filters), `first_seen` and `month_cohort` (one row
 * per month and child, after the child-level filters: month_start, child_id, risk_level, age,
 * age_band, sex, ethnic_group, is_new). $1 = from, $2 = to, then filter values.
 *
 * This is cohort-sql.ts's rule with "the period" read as "the month": a record is active in a
 * month when it is dated on or before the month's last day and either dated in the month or later,
 * closed on or after the month's first day, or open with no closure date. Risk level is the one at
 * the latest assessment active in the month that recorded a level (higher level on a same-day tie);
 * age is at the first assessment in the month (at the month's first day for a case carried in:
 * from month of birth, else the age recorded plus whole years since); sex and ethnic group are the
 * latest recorded. The filters are cohort-sql.ts's, condition for condition. Any change to
 * cohort-sql.ts belongs here too.
 */
export function monthlyCohortSql(
	range: Pick<MonthRange, 'from' | 'to'>,
	filters: Filters = {},
	options: { types?: boolean } = {}
): { sql: string; params: SqlParam[] } {
	const params: SqlParam[] = [range.from, range.to];
	// The same filter conditions, on the same columns, as cohortSql.
	const conditions = filterConditions(filters, params);

	const sql = `
	${MONTHS_SQL},
	month_active AS (
		-- cohort-sql.ts's rule for month M, "dated on or before M's end and (dated in or after M, or
		-- closed in or after M, or open with no closure date)", is the same as: M lies between the
		-- month the record is dated in and its last active month, which is the later of that month and
		-- the closure month if closed, open-ended if open with no closure date, else the month it is
		-- dated in. Written as a range so DuckDB joins it fast (about 4x at 100,000 records).
		SELECT m.month_start, c.*
		FROM months m
		JOIN concerns c
		  ON m.month_start BETWEEN date_trunc('month', c.identified_on)
		     AND CASE WHEN c.closed_on IS NOT NULL
		              THEN greatest(date_trunc('month', c.identified_on), date_trunc('month', c.closed_on))
		              WHEN c.status = 'open' THEN DATE '9999-12-01'
		              ELSE date_trunc('month', c.identified_on) END
		WHERE true${conditions.record}
	),
	first_seen AS (
		SELECT child_id, min(identified_on) AS first_on FROM concerns GROUP BY child_id
	),
	month_child_rows AS (
		SELECT a.month_start, a.child_id,
		       arg_max(a.risk_level, (a.identified_on, ${RISK_RANK.replaceAll('risk_level', 'a.risk_level')})) AS risk_level,
		       arg_min(
		         CASE WHEN a.birth_month IS NOT NULL
		              THEN date_diff('year', a.birth_month, greatest(a.identified_on, a.month_start))
		                   - CASE WHEN strftime(greatest(a.identified_on, a.month_start), '%m-%d') < strftime(a.birth_month, '%m-%d') THEN 1 ELSE 0 END
		              WHEN a.age_years IS NOT NULL
		              THEN a.age_years + CASE WHEN a.identified_on < a.month_start
		                   -- whole years from the record to the month start, not calendar-year boundaries
		                   THEN date_diff('year', a.identified_on, a.month_start)
		                        - CASE WHEN strftime(a.month_start, '%m-%d') < strftime(a.identified_on, '%m-%d') THEN 1 ELSE 0 END
		                   ELSE 0 END
		         END,
		         a.identified_on) AS age,
		       arg_max(a.sex, a.identified_on) FILTER (WHERE a.sex IS NOT NULL AND a.sex <> 'unknown') AS sex,
		       arg_max(a.ethnic_group, a.identified_on) FILTER (WHERE a.ethnic_group IS NOT NULL AND a.ethnic_group <> 'unknown') AS ethnic_group${options.types ? `,
		       -- Which exploitation types the child's active records in the month have (by exploitation type).
		       ${EXPLOITATION_TYPE_ORDER.map((t) => `bool_or(${t === 'not_recorded' ? 'a.exploitation_type IS NULL' : `a.exploitation_type = '${t}'`}) AS ${typeColumn(t)}`).join(',\n\t\t       ')}` : ''}
		FROM month_active a
		GROUP BY a.month_start, a.child_id
	),
	month_cohort AS (
		SELECT r.*,
		       ${AGE_BAND_SQL('r.age')} AS age_band,
		       f.first_on >= r.month_start AS is_new
		FROM month_child_rows r
		JOIN first_seen f USING (child_id)
		WHERE true${conditions.child}
	)`;
	return { sql, params };
}

/** The derived month table's column saying whether a child had a record of exploitation type `t` active in the month. */
const typeColumn = (t: ExploitationTypeOrUnknown) => `type_${t}`;

/**
 * A SELECT of `month_cohort` for every month from `$1`'s to `$2`'s, without filters, with the
 * exploitation types of each child's active records: the derived table cohort-tables.ts keeps.
 * No child_id: the monthly measures only count rows, one per month and child.
 */
export function cohortMonthsSql(): string {
	const { sql } = monthlyCohortSql({ from: '', to: '' }, {}, { types: true });
	return `WITH ${sql}
	SELECT month_start, risk_level, age_band, sex, ethnic_group, is_new, ${EXPLOITATION_TYPE_ORDER.map(typeColumn).join(', ')}
	FROM month_cohort ORDER BY month_start`;
}

/**
 * `WITH`-able SQL defining `months` and `month_cohort` (month_start, risk_level, age_band, sex,
 * ethnic_group, is_new, after the filters) for the measures below: from the derived month table
 * when it serves the range and filters (then `derived`, and `month_active` is not defined), else
 * `monthlyCohortSql`. $1 = from, $2 = to, then filter values.
 */
async function monthCohort(engine: Engine, range: MonthRange): Promise<{ sql: string; params: SqlParam[]; derived: boolean }> {
	const table = await monthTableFor(engine, range.from, range.to, range.filters);
	if (!table) return { ...monthlyCohortSql(range, range.filters), derived: false };
	const params: SqlParam[] = [range.from, range.to];
	const conditions = filterConditions(range.filters ?? {}, params);
	return {
		sql: `
	${MONTHS_SQL},
	month_cohort AS (
		SELECT * FROM temp.${quoteIdent(table.table)}
		WHERE month_start BETWEEN date_trunc('month', $1::DATE) AND date_trunc('month', $2::DATE)${conditions.child}
	)`,
		params,
		derived: true
	};
}

// ---------------------------------------------------------------------------------------------
// Month by month

export interface MonthlyIncidenceRow {
	/** First day of the month, ISO. */
	month: string;
	/** e.g. "Apr 2025". */
	label: string;
	/** Unique children with a concern record active in the month. */
	children: number;
	/** Children whose first-ever record (from any agency) is dated in the month. */
	newChildren: number;
	/** Children active in the month who were known before it. */
	continuingChildren: number;
}

export const monthlyIncidence = defineMeasure<MonthRange, MonthlyIncidenceRow[]>({
	id: 'monthly-incidence',
	title: 'Children at risk, month by month: new and continuing',
	definition:
		'For each month, unique children with a concern record active in that month (dated in the month, or an open case carried into it), counted once however many agencies or records; the same rule as the six-monthly count, applied to the month. "New" children had their first record with any agency in that month; the rest are continuing. A child active in several months counts in each of them.',
	async run(engine, { from, to, filters }) {
		const { sql, params } = await monthCohort(engine, { from, to, filters });
		// Counted per month first, then joined to the months: joining every cohort row to its month
		// and grouping after cost a third more (bench/README.md, round 2). Months with nobody are
		// filled in below.
		const rows = await engine.query<{ month: string; children: number; newChildren: number; continuingChildren: number }>(
			`WITH ${sql}
			SELECT strftime(month_start, '%Y-%m-%d') AS month, children, "newChildren", "continuingChildren"
			FROM (
				SELECT month_start,
				       count(*)::INTEGER AS children,
				       count(*) FILTER (WHERE is_new)::INTEGER AS "newChildren",
				       count(*) FILTER (WHERE NOT is_new)::INTEGER AS "continuingChildren"
				FROM month_cohort GROUP BY month_start
			)`,
			params
		);
		return monthsBetween(from, to).map((month) => {
			const r = rows.find((x) => x.month === month);
			return {
				month,
				label: monthLabel(month),
				children: r?.children ?? 0,
				newChildren: r?.newChildren ?? 0,
				continuingChildren: r?.continuingChildren ?? 0
			};
		});
	}
});

export interface MonthlyRiskLevelRow {
	month: string;
	label: string;
	level: RiskLevelOrUnknown;
	levelLabel: string;
	children: number;
}

export const monthlyByRiskLevel = defineMeasure<MonthRange, MonthlyRiskLevelRow[]>({
	id: 'monthly-by-risk-level',
	title: 'Children at risk, month by month, by risk level',
	definition:
		"For each month, each child active in the month counted once, at the risk level of their latest assessment active in that month (the higher level if two agencies assessed on the same day; a case carried in keeps its last level). A child whose level changes appears under a different level in later months. Rows: every month × High, Medium, Low, No current risk, Not recorded.",
	async run(engine, { from, to, filters }) {
		const { sql, params } = await monthCohort(engine, { from, to, filters });
		const rows = await engine.query<{ month: string; level: string; children: number }>(
			// Grouped by the month's date, formatted after: grouping by the formatted text formatted
			// every row first (almost twice the time).
			`WITH ${sql}
			SELECT strftime(month_start, '%Y-%m-%d') AS month, level, children
			FROM (SELECT month_start, coalesce(risk_level, 'not_recorded') AS level, count(*)::INTEGER AS children FROM month_cohort GROUP BY ALL)`,
			params
		);
		return monthsBetween(from, to).flatMap((month) =>
			RISK_LEVEL_ORDER.map((level) => ({
				month,
				label: monthLabel(month),
				level,
				levelLabel: RISK_LEVEL_LABELS[level],
				children: rows.find((r) => r.month === month && r.level === level)?.children ?? 0
			}))
		);
	}
});

export type ExploitationTypeOrUnknown = (typeof EXPLOITATION_TYPES)[number] | 'not_recorded';
export const EXPLOITATION_TYPE_ORDER: readonly ExploitationTypeOrUnknown[] = [...EXPLOITATION_TYPES, 'not_recorded'];
export const EXPLOITATION_TYPE_LABELS: Record<ExploitationTypeOrUnknown, string> = {
	cse: 'Sexual exploitation (CSE)',
	cce: 'Criminal exploitation (CCE)',
	both: 'Both CSE and CCE',
	other: 'Other exploitation',
	not_recorded: 'Not recorded'
};

export interface MonthlyExploitationTypeRow {
	month: string;
	label: string;
	type: ExploitationTypeOrUnknown;
	typeLabel: string;
	children: number;
}

export const monthlyByExploitationType = defineMeasure<MonthRange, MonthlyExploitationTypeRow[]>({
	id: 'monthly-by-exploitation-type',
	title: 'Children at risk, month by month, by exploitation type',
	definition:
		'For each month, unique children with a concern record of each exploitation type active in that month. A child with records of two types in the month counts once in each type they had, so the types add up to more than the children; a record marked "both" counts under "Both CSE and CCE", not under CSE and CCE. Rows: every month × CSE, CCE, Both, Other, Not recorded.',
	async run(engine, { from, to, filters }) {
		const { sql, params, derived } = await monthCohort(engine, { from, to, filters });
		// From the derived table, each month and child row says which types the child's active records
		// have; otherwise the active records themselves are joined back to the month's cohort.
		const rows = derived
			? (
					await engine.query<Record<string, string | number>>(
						`WITH ${sql}
						SELECT strftime(month_start, '%Y-%m-%d') AS month,
						       ${EXPLOITATION_TYPE_ORDER.map((t) => `count(*) FILTER (WHERE ${typeColumn(t)})::INTEGER AS ${quoteIdent(t)}`).join(', ')}
						FROM month_cohort GROUP BY month_start`,
						params
					)
				).flatMap((r) => EXPLOITATION_TYPE_ORDER.map((type) => ({ month: r.month as string, type: type as string, children: r[type] as number })))
			: await engine.query<{ month: string; type: string; children: number }>(
					`WITH ${sql}
					SELECT strftime(a.month_start, '%Y-%m-%d') AS month,
					       coalesce(a.exploitation_type, 'not_recorded') AS type,
					       count(DISTINCT a.child_id)::INTEGER AS children
					FROM month_active a
					JOIN month_cohort c ON c.month_start = a.month_start AND c.child_id = a.child_id
					GROUP BY ALL`,
					params
				);
		return monthsBetween(from, to).flatMap((month) =>
			EXPLOITATION_TYPE_ORDER.map((type) => ({
				month,
				label: monthLabel(month),
				type,
				typeLabel: EXPLOITATION_TYPE_LABELS[type],
				children: rows.find((r) => r.month === month && r.type === type)?.children ?? 0
			}))
		);
	}
});

// ---------------------------------------------------------------------------------------------
// Six-monthly

export interface PeriodIncidenceRow {
	/** e.g. "Apr–Sep 2025". */
	period: string;
	start: string;
	end: string;
	children: number;
	newChildren: number;
	continuingChildren: number;
	/** Children in the period before (same filters). */
	previousChildren: number;
	/** Children in the same period a year earlier (same filters). */
	yearEarlierChildren: number;
	/** Children aged 0–17 used as the denominator, or null when no population is loaded. */
	population: number | null;
	/** The mid-year estimate used for the denominator. */
	populationYear: number | null;
	/**
	 * Children at risk per 10,000 children aged 0–17, one decimal place. Null without a population,
	 * or when a ward, sex, age band or ethnic group filter is on (the denominator is every child in
	 * the area, so a rate for a subgroup would mislead).
	 */
	ratePer10k: number | null;
}

/** How much history the Trends page shows, ending with the chosen period. */
export const TRENDS_MONTHS = 24;
export const TRENDS_PERIODS = 6;

/** The `n` periods ending with `last`, oldest first: e.g. the last six six-month periods for the Trends page. */
export function periodsEndingWith(last: Period, n: number, scheme: PeriodScheme = 'financial'): Period[] {
	return Array.from({ length: n }, (_, i) => shiftPeriod(last, i - (n - 1), scheme));
}

/** Filters that narrow the children to a group the 0–17 area population does not describe. */
const RATE_WITHHELD_BY: readonly (keyof Filters)[] = ['ward', 'sex', 'ageBand', 'ethnicGroup'];

export const periodIncidence = defineMeasure<{ periods: Period[]; scheme?: PeriodScheme; filters?: Filters }, PeriodIncidenceRow[]>({
	id: 'period-incidence',
	title: 'Children at risk, six-monthly',
	definition:
		'For each six-month period, unique children with a concern record active in the period (dated in it, or an open case carried into it), counted once however many agencies know them; "new" children had no record with any agency before the period. Each period is shown beside the period before and the same period a year earlier. Rate per 10,000 = children ÷ ONS mid-year estimate of children aged 0–17 × 10,000, using the estimate for the year before the reporting year ends (DfE practice); no rate is given when a ward, sex, age or ethnicity filter is on, because the denominator covers all children in the area.',
	async run(engine, { periods, scheme = 'financial', filters }) {
		const ordered = [...new Map(periods.map((p) => [p.start, p])).values()].sort((a, b) => a.start.localeCompare(b.start));
		const counts = new Map<string, { children: number; newChildren: number; continuingChildren: number }>();
		// Every cohort needed (each period, the one before, a year earlier) in one scan of the derived
		// period table when it serves them all; otherwise one query per cohort below.
		const needed = [...new Map(ordered.flatMap((p) => [p, previousPeriod(p, scheme), samePeriodLastYear(p, scheme)]).map((p) => [p.start, p])).values()];
		const together = await periodCohortsSql(engine, needed, filters);
		if (together) {
			const rows = await engine.query<{ start: string; children: number; newChildren: number; continuingChildren: number }>(
				`WITH ${together.sql}
				SELECT strftime(period_start, '%Y-%m-%d') AS start,
				       count(*)::INTEGER AS children,
				       count(*) FILTER (WHERE is_new)::INTEGER AS "newChildren",
				       count(*) FILTER (WHERE NOT is_new)::INTEGER AS "continuingChildren"
				FROM cohort GROUP BY period_start`,
				together.params
			);
			for (const p of needed) {
				const r = rows.find((x) => x.start === p.start);
				counts.set(p.start, { children: r?.children ?? 0, newChildren: r?.newChildren ?? 0, continuingChildren: r?.continuingChildren ?? 0 });
			}
		}
		const countFor = async (period: Period) => {
			const known = counts.get(period.start);
			if (known) return known;
			const { sql, params } = await periodCohortSql(engine, period, filters);
			const [row] = await engine.query<{ children: number; newChildren: number; continuingChildren: number }>(
				`WITH ${sql}
				SELECT count(*)::INTEGER AS children,
				       count(*) FILTER (WHERE is_new)::INTEGER AS "newChildren",
				       count(*) FILTER (WHERE NOT is_new)::INTEGER AS "continuingChildren"
				FROM cohort`,
				params
			);
			counts.set(period.start, row);
			return row;
		};
		// Every denominator year in one query.
		const populations = await childPopulationIn(engine, ordered.map((p) => denominatorYear(p, scheme)));
		const withholdRate = RATE_WITHHELD_BY.some((k) => (filters?.[k]?.length ?? 0) > 0);

		const out: PeriodIncidenceRow[] = [];
		for (const [i, period] of ordered.entries()) {
			const current = await countFor(period);
			const previous = await countFor(previousPeriod(period, scheme));
			const yearEarlier = await countFor(samePeriodLastYear(period, scheme));
			const population = populations[i];
			out.push({
				period: period.label,
				start: period.start,
				end: period.end,
				...current,
				previousChildren: previous.children,
				yearEarlierChildren: yearEarlier.children,
				population: population.children,
				populationYear: population.year,
				ratePer10k: withholdRate ? null : ratePer10k(current.children, population.children)
			});
		}
		return out;
	}
});
