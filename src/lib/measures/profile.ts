/**
 * Profile of the period's cohort (DESIGN.md "Measures" 3): age band, sex, ethnic group and
 * disability/SEN. Each child counts once, in one row of each table, using the child attributes
 * `cohortSql` works out (age at the first assessment in the period; sex, ethnic group latest
 * recorded; disability/SEN recorded on any record in the period).
 */
import { ETHNIC_GROUPS, SEXES } from '$lib/db/schema';
import { defineMeasure } from './measure';
import { cohortCountBy } from './cohort-sql';
import { AGE_BANDS, AGE_BAND_LABELS, type AgeBand, type Filters } from './filters';
import type { Period } from './periods';

type PeriodParams = Period & { filters?: Filters };

export interface AgeBandRow {
	ageBand: AgeBand;
	label: string;
	children: number;
}

export const childrenByAgeBand = defineMeasure<PeriodParams, AgeBandRow[]>({
	id: 'children-by-age-band',
	title: 'Children at risk by age',
	definition:
		"Each child in the period's cohort counted once, by age at their first assessment in the period (at the period's first day for a case carried in from before it). Age comes from month of birth where recorded (taking the birthday as the 1st of that month), else from the age the agency recorded.",
	async run(engine, period) {
		const rows = await cohortCountBy(engine, period, 'age_band', AGE_BANDS);
		return rows.map(({ category, children }) => ({ ageBand: category, label: AGE_BAND_LABELS[category], children }));
	}
});

export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Not known' };

export interface SexRow {
	sex: Sex;
	label: string;
	children: number;
}

export const childrenBySex = defineMeasure<PeriodParams, SexRow[]>({
	id: 'children-by-sex',
	title: 'Children at risk by sex',
	definition:
		"Each child in the period's cohort counted once, by the sex most recently recorded for them in the period by any agency; \"Not known\" where no agency recorded it.",
	async run(engine, period) {
		const rows = await cohortCountBy(engine, period, `coalesce(sex, 'unknown')`, SEXES);
		return rows.map(({ category, children }) => ({ sex: category, label: SEX_LABELS[category], children }));
	}
});

export type EthnicGroup = (typeof ETHNIC_GROUPS)[number];
export const ETHNIC_GROUP_LABELS: Record<EthnicGroup, string> = {
	white: 'White',
	mixed: 'Mixed or multiple ethnic groups',
	asian: 'Asian or Asian British',
	black: 'Black, Black British, Caribbean or African',
	other: 'Other ethnic group',
	unknown: 'Not known'
};

export interface EthnicGroupRow {
	ethnicGroup: EthnicGroup;
	label: string;
	children: number;
}

export const childrenByEthnicGroup = defineMeasure<PeriodParams, EthnicGroupRow[]>({
	id: 'children-by-ethnic-group',
	title: 'Children at risk by ethnic group',
	definition:
		"Each child in the period's cohort counted once, in the major ethnic group (as DfE publishes them) most recently recorded for them in the period by any agency; \"Not known\" where none was recorded.",
	async run(engine, period) {
		const rows = await cohortCountBy(engine, period, `coalesce(ethnic_group, 'unknown')`, ETHNIC_GROUPS);
		return rows.map(({ category, children }) => ({ ethnicGroup: category, label: ETHNIC_GROUP_LABELS[category], children }));
	}
});

export const DISABILITY_CATEGORIES = ['yes', 'no', 'not_recorded'] as const;
export type DisabilityCategory = (typeof DISABILITY_CATEGORIES)[number];
export const DISABILITY_LABELS: Record<DisabilityCategory, string> = {
	yes: 'Disability or SEN',
	no: 'No disability or SEN',
	not_recorded: 'Not recorded'
};

export interface DisabilityRow {
	disabilitySen: DisabilityCategory;
	label: string;
	children: number;
}

export const childrenByDisability = defineMeasure<PeriodParams, DisabilityRow[]>({
	id: 'children-by-disability',
	title: 'Children at risk by disability or special educational needs',
	definition:
		"Each child in the period's cohort counted once: \"Disability or SEN\" when any agency's record active in the period says so, \"No\" when records say no and none says yes, \"Not recorded\" when no record says either.",
	async run(engine, period) {
		const rows = await cohortCountBy(
			engine,
			period,
			`CASE WHEN disability_sen THEN 'yes' WHEN NOT disability_sen THEN 'no' ELSE 'not_recorded' END`,
			DISABILITY_CATEGORIES
		);
		return rows.map(({ category, children }) => ({ disabilitySen: category, label: DISABILITY_LABELS[category], children }));
	}
});
