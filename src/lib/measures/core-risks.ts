/**
 * Core risks among the period's cohort (DESIGN.md "Measures" 5): how many children went missing,
 * are looked after, live at home and do not go missing (the children DOMAIN.md says must not be
 * overlooked), are care leavers, and carry each core-risk flag; and how the main risks co-occur.
 */
import { defineMeasure } from './measure';
import { cohortSql } from './cohort-sql';
import type { Filters } from './filters';
import type { Period } from './periods';
import { CORE_RISK_FLAGS, type CoreRiskFlag } from '$lib/db/schema';

type FlagRisk = `flag_${CoreRiskFlag}`;
export type CoreRisk = 'went_missing' | 'looked_after' | 'home_not_missing' | 'care_leaver' | FlagRisk;

const FLAG_LABELS: Record<CoreRiskFlag, string> = {
	missing: 'Going missing (flag on a concern record)',
	school: 'Excluded or absent from school',
	substance: 'Substance misuse',
	gangs: 'Gang association',
	cce: 'Child criminal exploitation',
	trafficking: 'Trafficking',
	older_partner: 'Older partner or controlling relationship',
	gifts: 'Unexplained gifts or money',
	online: 'Concerning phone or internet use',
	sexual_health: 'Sexual health concerns',
	self_harm: 'Self-harm',
	mental_health: 'Mental health'
};

/** Every core risk, in the order the product lists them. */
export const CORE_RISKS: readonly CoreRisk[] = [
	'went_missing',
	'looked_after',
	'home_not_missing',
	'care_leaver',
	...CORE_RISK_FLAGS.map((f) => `flag_${f}` as FlagRisk)
];

export const CORE_RISK_LABELS: Record<CoreRisk, string> = {
	went_missing: 'Went missing',
	looked_after: 'Looked after',
	home_not_missing: 'Living at home and not missing',
	care_leaver: 'Care leaver',
	...(Object.fromEntries(CORE_RISK_FLAGS.map((f) => [`flag_${f}`, FLAG_LABELS[f]])) as Record<FlagRisk, string>)
};

export interface CoreRiskRow {
	risk: CoreRisk;
	label: string;
	/** Children in the cohort with this risk. */
	children: number;
	/** Children in the cohort (the denominator). */
	cohort: number;
}

/** The main risks whose co-occurrence is shown; `gangs_or_cce` joins the gang and CCE flags. */
export type MainRisk =
	| 'went_missing'
	| 'looked_after'
	| 'flag_substance'
	| 'gangs_or_cce'
	| 'flag_online'
	| 'flag_older_partner'
	| 'flag_sexual_health'
	| 'flag_self_harm'
	| 'flag_mental_health';

export const MAIN_RISKS: readonly MainRisk[] = [
	'went_missing',
	'looked_after',
	'flag_substance',
	'gangs_or_cce',
	'flag_online',
	'flag_older_partner',
	'flag_sexual_health',
	'flag_self_harm',
	'flag_mental_health'
];

export const MAIN_RISK_LABELS: Record<MainRisk, string> = {
	went_missing: CORE_RISK_LABELS.went_missing,
	looked_after: CORE_RISK_LABELS.looked_after,
	flag_substance: CORE_RISK_LABELS.flag_substance,
	gangs_or_cce: 'Gangs or child criminal exploitation',
	flag_online: CORE_RISK_LABELS.flag_online,
	flag_older_partner: CORE_RISK_LABELS.flag_older_partner,
	flag_sexual_health: CORE_RISK_LABELS.flag_sexual_health,
	flag_self_harm: CORE_RISK_LABELS.flag_self_harm,
	flag_mental_health: CORE_RISK_LABELS.flag_mental_health
};

export interface CoOccurrenceRow {
	a: MainRisk;
	b: MainRisk;
	/** Children in the cohort with both risks (with `a` alone on the diagonal, a = b). */
	children: number;
}

/**
 * SQL (after the cohort CTEs): `child_risks`, one row per cohort child with a TRUE/FALSE column per
 * core risk. A flag counts when any of the child's active records in the period (under the
 * record-level filters) has it; a flag left blank counts as not recorded, i.e. FALSE.
 */
const CHILD_RISKS_SQL = `
	child_flags AS (
		SELECT child_id,
		       bool_or(care_leaver) AS care_leaver,
		       ${CORE_RISK_FLAGS.map((f) =>
		         f === 'cce'
		           ? // An agency that records criminal exploitation as the type of exploitation, not as a flag, still says so.
		             `bool_or(flag_cce OR exploitation_type IN ('cce', 'both')) AS flag_cce`
		           : `bool_or(flag_${f}) AS flag_${f}`
		       ).join(',\n\t\t       ')}
		FROM active GROUP BY child_id
	),
	child_risks AS (
		SELECT c.child_id,
		       c.went_missing,
		       coalesce(c.looked_after, false) AS looked_after,
		       NOT coalesce(c.looked_after, false) AND NOT c.went_missing AS home_not_missing,
		       coalesce(f.care_leaver, false) AS care_leaver,
		       ${CORE_RISK_FLAGS.map((f) => `coalesce(f.flag_${f}, false) AS flag_${f}`).join(',\n\t\t       ')},
		       coalesce(f.flag_gangs, false) OR coalesce(f.flag_cce, false) AS gangs_or_cce
		FROM cohort c JOIN child_flags f USING (child_id)
	)`;

type Params = Period & { filters?: Filters };

export const coreRiskPrevalence = defineMeasure<Params, CoreRiskRow[]>({
	id: 'core-risk-prevalence',
	title: 'Core risks among children at risk',
	definition:
		"Of the children in the period's cohort (each counted once), how many: went missing (a missing episode starting in the period, or a concern record flagged as going missing); " +
		'were looked after (any active record says so); were living at home and not missing (no record says looked after, and did not go missing: an unrecorded care status counts as home); ' +
		'were care leavers; and carried each core-risk flag (on any of their concern records active in the period). The denominator is the whole cohort.',
	async run(engine, period) {
		const { sql, params } = cohortSql(period, period.filters);
		const [row] = await engine.query<Record<CoreRisk | 'cohort', number>>(
			`WITH ${sql}, ${CHILD_RISKS_SQL}
			SELECT count(*)::INTEGER AS cohort,
			       ${CORE_RISKS.map((r) => `count(*) FILTER (WHERE ${r})::INTEGER AS ${r}`).join(',\n\t\t\t       ')}
			FROM child_risks`,
			params
		);
		return CORE_RISKS.map((risk) => ({ risk, label: CORE_RISK_LABELS[risk], children: row[risk], cohort: row.cohort }));
	}
});

export const coreRiskCoOccurrence = defineMeasure<Params, CoOccurrenceRow[]>({
	id: 'core-risk-co-occurrence',
	title: 'How core risks occur together',
	definition:
		"For each pair of the main risks (went missing, looked after, substance misuse, gangs or criminal exploitation, online, older partner, sexual health, self-harm, mental health), the children in the period's cohort who have both, " +
		'by the same rules as the prevalence of each risk. The diagonal (a risk paired with itself) is the number with that risk. Every pair appears in both orders, so the table reads as a square.',
	async run(engine, period) {
		const { sql, params } = cohortSql(period, period.filters);
		const pairs = MAIN_RISKS.flatMap((a, i) => MAIN_RISKS.map((b, j) => ({ a, b, i, j }))).filter((p) => p.i <= p.j);
		const [row] = await engine.query<Record<string, number>>(
			`WITH ${sql}, ${CHILD_RISKS_SQL}
			SELECT ${pairs.map((p) => `count(*) FILTER (WHERE ${p.a} AND ${p.b})::INTEGER AS p_${p.i}_${p.j}`).join(',\n\t\t\t       ')}
			FROM child_risks`,
			params
		);
		return MAIN_RISKS.flatMap((a, i) =>
			MAIN_RISKS.map((b, j) => ({ a, b, children: row[`p_${Math.min(i, j)}_${Math.max(i, j)}`] }))
		);
	}
});
