/**
 * Identification by agency, and children known to more than one agency (DESIGN.md "Measures" 4).
 * The cohort is `cohortSql`'s; "known to an agency" means the child has a concern record from that
 * agency active in the period (among the records the filters keep).
 */
import { defineMeasure } from './measure';
import { cohortCountBy, cohortSql } from './cohort-sql';
import type { Filters } from './filters';
import type { Period } from './periods';

type PeriodParams = Period & { filters?: Filters };

/** Distinct (child, agency) pairs of the cohort, from the records active in the period. */
const KNOWN_SQL = `known AS (
		SELECT DISTINCT a.child_id, a.agency FROM active a JOIN cohort USING (child_id)
	),
	agency_names AS (
		-- Every agency with any concern record loaded, in any period, so the rows keep their shape.
		SELECT DISTINCT agency FROM concerns
	)`;

export interface AgencyRow {
	agency: string;
	children: number;
}

export const childrenByAgency = defineMeasure<PeriodParams, AgencyRow[]>({
	id: 'children-by-agency',
	title: 'Children at risk known to each agency',
	definition:
		"Children in the period's cohort with a concern record from each agency active in the period (dated in it, or an open case carried into it). A child known to two agencies counts once in each agency's row, so the rows add up to more than the number of children. Every agency with records loaded is listed, alphabetically, even with no children in the period.",
	async run(engine, period) {
		const { sql, params } = cohortSql(period, period.filters);
		return engine.query<AgencyRow>(
			`WITH ${sql}, ${KNOWN_SQL}
			SELECT n.agency, count(k.child_id)::INTEGER AS children
			FROM agency_names n LEFT JOIN known k USING (agency)
			GROUP BY n.agency ORDER BY n.agency`,
			params
		);
	}
});

export const AGENCY_COUNT_CATEGORIES = ['1', '2', '3+'] as const;
export type AgencyCountCategory = (typeof AGENCY_COUNT_CATEGORIES)[number];
export const AGENCY_COUNT_LABELS: Record<AgencyCountCategory, string> = {
	'1': 'Known to one agency',
	'2': 'Known to two agencies',
	'3+': 'Known to three or more agencies'
};

export interface AgencyOverlapRow {
	agencies: AgencyCountCategory;
	label: string;
	children: number;
}

export const agencyOverlap = defineMeasure<PeriodParams, AgencyOverlapRow[]>({
	id: 'agency-overlap',
	title: 'Children at risk known to more than one agency',
	definition:
		"Each child in the period's cohort counted once, by how many different agencies have a concern record for them active in the period (1, 2, or 3 or more). With an agency filter on, only the chosen agencies are counted.",
	async run(engine, period) {
		const rows = await cohortCountBy(engine, period, `CASE WHEN agencies >= 3 THEN '3+' ELSE agencies::VARCHAR END`, AGENCY_COUNT_CATEGORIES);
		return rows.map(({ category, children }) => ({ agencies: category, label: AGENCY_COUNT_LABELS[category], children }));
	}
});

export interface AgencyPairRow {
	agencyA: string;
	agencyB: string;
	children: number;
}

export const agencyPairs = defineMeasure<PeriodParams, AgencyPairRow[]>({
	id: 'agency-pairs',
	title: 'Children at risk known to both of two agencies',
	definition:
		"For every pair of agencies, the children in the period's cohort with concern records from both active in the period. A child known to three agencies counts in each of the three pairs. Every pair of agencies with records loaded is listed, alphabetically, even with no children in common.",
	async run(engine, period) {
		const { sql, params } = cohortSql(period, period.filters);
		return engine.query<AgencyPairRow>(
			`WITH ${sql}, ${KNOWN_SQL}
			SELECT x.agency AS "agencyA", y.agency AS "agencyB", count(kb.child_id)::INTEGER AS children
			FROM agency_names x
			JOIN agency_names y ON x.agency < y.agency
			LEFT JOIN known ka ON ka.agency = x.agency
			LEFT JOIN known kb ON kb.agency = y.agency AND kb.child_id = ka.child_id
			GROUP BY x.agency, y.agency ORDER BY x.agency, y.agency`,
			params
		);
	}
});
