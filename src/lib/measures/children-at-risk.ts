import { defineMeasure } from './measure';
import type { Engine } from '$lib/db/engine';
import { periodCohortSql, periodCohortsSql } from './cohort-tables';
import type { Filters } from './filters';
import type { Period } from './periods';

export interface ChildrenAtRisk {
	children: number;
	newChildren: number;
	continuingChildren: number;
	multiAgencyChildren: number;
	lookedAfter: number;
	wentMissing: number;
}

export const childrenAtRisk = defineMeasure<Period & { filters?: Filters }, ChildrenAtRisk>({
	id: 'children-at-risk',
	title: 'Children identified at risk',
	definition:
		'Unique children with a concern record active in the period from any agency (dated in the period, or an open case carried into it); a child known to several agencies counts once. "New" children had no record before the period.',
	async run(engine, period) {
		const [row] = await childrenAtRiskIn(engine, [period], period.filters);
		return row;
	}
});

const COUNTS = `count(*)::INTEGER AS children,
			       count(*) FILTER (WHERE is_new)::INTEGER AS "newChildren",
			       count(*) FILTER (WHERE NOT is_new)::INTEGER AS "continuingChildren",
			       count(*) FILTER (WHERE agencies > 1)::INTEGER AS "multiAgencyChildren",
			       count(*) FILTER (WHERE looked_after)::INTEGER AS "lookedAfter",
			       count(*) FILTER (WHERE went_missing)::INTEGER AS "wentMissing"`;

/**
 * `childrenAtRisk` for several periods, in order: in one query from the derived period table when
 * it serves them all (the Summary asks for three), otherwise one query per period.
 */
export async function childrenAtRiskIn(engine: Engine, periods: readonly Period[], filters?: Filters): Promise<ChildrenAtRisk[]> {
	const together = await periodCohortsSql(engine, periods, filters);
	if (together) {
		const rows = await engine.query<ChildrenAtRisk & { start: string }>(
			`WITH ${together.sql}
			SELECT strftime(period_start, '%Y-%m-%d') AS start, ${COUNTS}
			FROM cohort GROUP BY period_start`,
			together.params
		);
		const none = { children: 0, newChildren: 0, continuingChildren: 0, multiAgencyChildren: 0, lookedAfter: 0, wentMissing: 0 };
		return periods.map((p) => {
			const found = rows.find((r) => r.start === p.start);
			if (!found) return { ...none };
			const { start: _start, ...counts } = found;
			return counts;
		});
	}
	const out: ChildrenAtRisk[] = [];
	for (const period of periods) {
		const { sql, params } = await periodCohortSql(engine, period, filters);
		const [row] = await engine.query<ChildrenAtRisk>(`WITH ${sql}\n\t\t\tSELECT ${COUNTS}\n\t\t\tFROM cohort`, params);
		out.push(row);
	}
	return out;
}
