import { defineMeasure } from './measure';
import { cohortSql } from './cohort-sql';
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
		const { sql, params } = cohortSql(period, period.filters);
		const [row] = await engine.query<ChildrenAtRisk>(
			`WITH ${sql}
			SELECT count(*)::INTEGER AS children,
			       count(*) FILTER (WHERE is_new)::INTEGER AS "newChildren",
			       count(*) FILTER (WHERE NOT is_new)::INTEGER AS "continuingChildren",
			       count(*) FILTER (WHERE agencies > 1)::INTEGER AS "multiAgencyChildren",
			       count(*) FILTER (WHERE looked_after)::INTEGER AS "lookedAfter",
			       count(*) FILTER (WHERE went_missing)::INTEGER AS "wentMissing"
			FROM cohort`,
			params
		);
		return row;
	}
});
