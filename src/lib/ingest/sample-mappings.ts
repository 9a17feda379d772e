/**
 * Saved mappings for the sample partnership's exports (data-samples/northbrook). They are
 * ordinary mappings — the same data a coordinator saves on the Import page — so the sample
 * loads through exactly the pipeline real files use.
 */
import type { Mapping } from './mapping';
import { RISK_PRESETS } from './mapping';
import { DFE_ETHNICITY, ETHNIC_GROUP_WORDS, NHS_ETHNICITY, SETTING_WORDS, SEX_WORDS } from './vocab';

const EXPLOITATION_WORDS = {
	cse: 'cse', cce: 'cce', 'cse & cce': 'both', both: 'both', other: 'other',
	'sexual exploitation': 'cse', 'criminal exploitation': 'cce'
};

export const POLICE_REFERRALS: Mapping = {
	name: 'Northbrook Police CSE referrals',
	agency: 'Police',
	target: 'concerns',
	dateFormat: 'dmy',
	header: ['Ref No', 'Subject ID', 'Date Identified', 'Risk Level', 'Exploitation Type', 'Gender', 'Age at Referral',
		'Ethnicity', 'Home LSOA', 'Missing From Home', 'Looked After', 'Status', 'Date Closed'],
	fields: {
		record_id: { column: 'Ref No' },
		child_id: { column: 'Subject ID' },
		identified_on: { column: 'Date Identified' },
		risk_level: { column: 'Risk Level', values: RISK_PRESETS['Low / Medium / High'] },
		risk_label: { column: 'Risk Level' },
		exploitation_type: { column: 'Exploitation Type', values: EXPLOITATION_WORDS },
		sex: { column: 'Gender', values: SEX_WORDS },
		age_years: { column: 'Age at Referral' },
		ethnic_group: { column: 'Ethnicity', values: ETHNIC_GROUP_WORDS },
		ethnicity_code: { column: 'Ethnicity' },
		home_area: { column: 'Home LSOA' },
		flag_missing: { column: 'Missing From Home' },
		looked_after: { column: 'Looked After' },
		status: { column: 'Status' },
		closed_on: { column: 'Date Closed' }
	},
	constants: { risk_tool: 'Police risk grading' }
};

const cscFlag = (column: string) => ({ column });

export const CSC_SERAF: Mapping = {
	name: "Northbrook children's social care SERAF assessments",
	agency: "Children's social care",
	target: 'concerns',
	dateFormat: 'iso',
	header: ['child_ref', 'assessment_date', 'seraf_score', 'seraf_category', 'exploitation_type', 'sex', 'month_of_birth',
		'ethnicity_code', 'disability', 'home_area', 'looked_after', 'care_leaver', 'missing', 'school_exclusion',
		'substance_misuse', 'gang_association', 'trafficking', 'older_partner', 'gifts_money', 'online_risk',
		'sexual_health', 'self_harm', 'mental_health', 'case_status', 'closed_date'],
	fields: {
		child_id: { column: 'child_ref' },
		identified_on: { column: 'assessment_date' },
		risk_score: { column: 'seraf_score' },
		risk_level: { column: 'seraf_category', values: RISK_PRESETS['SERAF categories 1–4'] },
		risk_label: { column: 'seraf_category' },
		exploitation_type: { column: 'exploitation_type', values: EXPLOITATION_WORDS },
		sex: { column: 'sex', values: SEX_WORDS },
		birth_month: { column: 'month_of_birth', format: 'ym' },
		ethnic_group: { column: 'ethnicity_code', values: DFE_ETHNICITY },
		ethnicity_code: { column: 'ethnicity_code' },
		disability_sen: cscFlag('disability'),
		home_area: { column: 'home_area' },
		looked_after: cscFlag('looked_after'),
		care_leaver: cscFlag('care_leaver'),
		flag_missing: cscFlag('missing'),
		flag_school: cscFlag('school_exclusion'),
		flag_substance: cscFlag('substance_misuse'),
		flag_gangs: cscFlag('gang_association'),
		flag_trafficking: cscFlag('trafficking'),
		flag_older_partner: cscFlag('older_partner'),
		flag_gifts: cscFlag('gifts_money'),
		flag_online: cscFlag('online_risk'),
		flag_sexual_health: cscFlag('sexual_health'),
		flag_self_harm: cscFlag('self_harm'),
		flag_mental_health: cscFlag('mental_health'),
		status: { column: 'case_status' },
		closed_on: { column: 'closed_date' }
	},
	constants: { risk_tool: 'SERAF' }
};

export const HEALTH_LOG: Mapping = {
	name: 'Northbrook health exploitation log',
	agency: 'Health',
	target: 'concerns',
	dateFormat: 'dmy',
	header: ['Patient Pseudo ID', 'Date of Concern', 'Concern Level', 'Concern Type', 'Sex', 'Age (yrs)', 'Ethnic Group',
		'Home LSOA', 'Sexual Health Concern', 'Self Harm', 'Substance Use', 'Mental Health Concern', 'LAC'],
	fields: {
		child_id: { column: 'Patient Pseudo ID' },
		identified_on: { column: 'Date of Concern' },
		risk_level: { column: 'Concern Level', values: RISK_PRESETS['No risk / Emerging / Moderate / Significant'] },
		risk_label: { column: 'Concern Level' },
		exploitation_type: { column: 'Concern Type', values: EXPLOITATION_WORDS },
		sex: { column: 'Sex', values: SEX_WORDS },
		age_years: { column: 'Age (yrs)' },
		ethnic_group: { column: 'Ethnic Group', values: NHS_ETHNICITY },
		ethnicity_code: { column: 'Ethnic Group' },
		home_area: { column: 'Home LSOA' },
		flag_sexual_health: { column: 'Sexual Health Concern' },
		flag_self_harm: { column: 'Self Harm' },
		flag_substance: { column: 'Substance Use' },
		flag_mental_health: { column: 'Mental Health Concern' },
		looked_after: { column: 'LAC' }
	},
	constants: { risk_tool: 'Health concern level' }
};

export const VOLUNTARY_REFERRALS: Mapping = {
	name: 'Northbrook voluntary sector referrals',
	agency: 'Voluntary sector',
	target: 'concerns',
	dateFormat: 'dmy',
	header: ['Case ID', 'Referral Date', 'Risk', 'Primary Concern', 'Gender', 'Age', 'Ethnicity', 'Home Area Code',
		'Going Missing', 'In Care', 'Online Grooming', 'Older Partner', 'Gifts or Money'],
	fields: {
		child_id: { column: 'Case ID' },
		identified_on: { column: 'Referral Date' },
		risk_level: { column: 'Risk', values: RISK_PRESETS['At risk / Significant / Serious'] },
		risk_label: { column: 'Risk' },
		exploitation_type: { column: 'Primary Concern', values: EXPLOITATION_WORDS },
		sex: { column: 'Gender', values: SEX_WORDS },
		age_years: { column: 'Age' },
		ethnic_group: { column: 'Ethnicity', values: ETHNIC_GROUP_WORDS },
		ethnicity_code: { column: 'Ethnicity' },
		home_area: { column: 'Home Area Code' },
		flag_missing: { column: 'Going Missing' },
		looked_after: { column: 'In Care' },
		flag_online: { column: 'Online Grooming' },
		flag_older_partner: { column: 'Older Partner' },
		flag_gifts: { column: 'Gifts or Money' }
	},
	constants: { risk_tool: 'Voluntary sector risk' }
};

export const MISSING_EPISODES: Mapping = {
	name: 'Northbrook missing episodes (looked-after children style)',
	agency: "Children's social care",
	target: 'missing_episodes',
	dateFormat: 'dmy',
	header: ['Child ID', 'Episode Start', 'Episode End', 'Placement Type', 'Missing/Away', 'Location Found (LSOA)',
		'RHI Offered', 'RHI Accepted', 'RHI Date', 'CSE Concern'],
	fields: {
		child_id: { column: 'Child ID' },
		started_at: { column: 'Episode Start' },
		ended_at: { column: 'Episode End' },
		setting: { column: 'Placement Type', values: SETTING_WORDS },
		missing_or_away: { column: 'Missing/Away', values: { m: 'missing', a: 'away', missing: 'missing', away: 'away' } },
		area_found: { column: 'Location Found (LSOA)' },
		rhi_offered: { column: 'RHI Offered' },
		rhi_accepted: { column: 'RHI Accepted' },
		rhi_on: { column: 'RHI Date' },
		cse_concern: { column: 'CSE Concern' }
	}
};

export const LOCATIONS_OF_CONCERN: Mapping = {
	name: 'Locations of concern (CSE Profile template)',
	agency: 'Partnership',
	target: 'locations',
	dateFormat: 'ym',
	header: ['Month', 'Area Code', 'Location Type', 'Count', 'Agency'],
	fields: {
		month: { column: 'Month' },
		area_code: { column: 'Area Code' },
		location_type: {
			column: 'Location Type',
			values: {
				'private address': 'private_address', hotel: 'hotel', 'park/open space': 'park', takeaway: 'takeaway',
				'shop/centre': 'shop', 'transport hub': 'transport_hub', school: 'school', 'vehicle/taxi': 'vehicle',
				'online platform': 'online', other: 'other'
			}
		},
		count: { column: 'Count' },
		agency: { column: 'Agency' }
	}
};

export const POPULATION_TEMPLATE: Mapping = {
	name: 'Population by area (CSE Profile template)',
	agency: 'ONS',
	target: 'population',
	dateFormat: 'iso',
	header: ['area_code', 'mid_year', 'age_band', 'population'],
	fields: {
		area_code: { column: 'area_code' },
		year: { column: 'mid_year' },
		age_from: { column: 'age_band', part: { separator: '-', index: 0 } },
		age_to: { column: 'age_band', part: { separator: '-', index: 1 } },
		count: { column: 'population' }
	}
};

/** Sample file name → the mapping that loads it, in load order (areas first, population next). */
export const SAMPLE_FILES: readonly { file: string; mapping: Mapping | 'areas' }[] = [
	{ file: 'areas.csv', mapping: 'areas' },
	{ file: 'population.csv', mapping: POPULATION_TEMPLATE },
	{ file: 'police-cse-referrals.csv', mapping: POLICE_REFERRALS },
	{ file: 'csc-seraf-assessments.csv', mapping: CSC_SERAF },
	{ file: 'health-exploitation-log.csv', mapping: HEALTH_LOG },
	{ file: 'voluntary-sector-referrals.csv', mapping: VOLUNTARY_REFERRALS },
	{ file: 'missing-episodes.csv', mapping: MISSING_EPISODES },
	{ file: 'locations-of-concern.csv', mapping: LOCATIONS_OF_CONCERN }
];
