import { defineMeasure } from './measure';
import { quoteIdent } from '$lib/db/engine';
import { monthTableFor } from './cohort-tables';

export interface MonthlyPoint {
	/** First day of the month, ISO. */
	month: string;
	/** Unique children with a concern record active in the month. */
	children: number;
	/** Children whose first-ever record falls in the month. */
	newChildren: number;
}

export const monthlyTrend = defineMeasure<{ from: string; to: string }, MonthlyPoint[]>({
	id: 'monthly-trend',
	title: 'Children at risk, month by month',
	definition:
		'For each month, unique children with a concern record active in that month (same rule as the period count, applied to the month), and how many were identified for the first time.',
	async run(engine, { from, to }) {
		// The derived month table (cohort-tables.ts) has one row per month and active child already;
		// a child there is new when their first record is dated in the month.
		const table = await monthTableFor(engine, from, to);
		if (table) {
			return engine.query<MonthlyPoint>(
				`WITH months AS (
					SELECT m::DATE AS month_start
					FROM generate_series(date_trunc('month', $1::DATE), date_trunc('month', $2::DATE), INTERVAL 1 MONTH) t(m)
				)
				-- Counted per month within the range first, then joined to the months (every month, 0 when
				-- nobody): joining every row of the table to its month first took three times as long.
				SELECT strftime(m.month_start, '%Y-%m-%d') AS month,
				       coalesce(c.children, 0)::INTEGER AS children,
				       coalesce(c.new_children, 0)::INTEGER AS "newChildren"
				FROM months m
				LEFT JOIN (
					SELECT month_start, count(*) AS children, count(*) FILTER (WHERE is_new) AS new_children
					FROM temp.${quoteIdent(table.table)}
					WHERE month_start BETWEEN date_trunc('month', $1::DATE) AND date_trunc('month', $2::DATE)
					GROUP BY month_start
				) c ON c.month_start = m.month_start
				ORDER BY m.month_start`,
				[from, to]
			);
		}
		return engine.query<MonthlyPoint>(
			`WITH months AS (
				SELECT m::DATE AS month_start, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS month_end
				FROM generate_series(date_trunc('month', $1::DATE), date_trunc('month', $2::DATE), INTERVAL 1 MONTH) t(m)
			),
			first_seen AS (SELECT child_id, min(identified_on) AS first_on FROM concerns GROUP BY child_id),
			active AS (
				SELECT DISTINCT m.month_start, c.child_id
				FROM months m JOIN concerns c
				  ON c.identified_on <= m.month_end
				 AND (c.identified_on >= m.month_start OR c.closed_on >= m.month_start OR (c.closed_on IS NULL AND c.status = 'open'))
			)
			SELECT strftime(m.month_start, '%Y-%m-%d') AS month,
			       count(a.child_id)::INTEGER AS children,
			       count(a.child_id) FILTER (WHERE f.first_on BETWEEN m.month_start AND m.month_end)::INTEGER AS "newChildren"
			FROM months m
			LEFT JOIN active a ON a.month_start = m.month_start
			LEFT JOIN first_seen f ON f.child_id = a.child_id
			GROUP BY m.month_start ORDER BY m.month_start`,
			[from, to]
		);
	}
});
