/**
 * What each canonical table accepts from an import: its fields, their kinds, which are required
 * and which codes a coded field may take. Mappings point source columns at these fields; the
 * loader and the validation rules read this to know what to check.
 */
import {
	CODED_COLUMNS,
	CORE_RISK_FLAGS,
	ETHNIC_GROUPS,
	EXPLOITATION_TYPES,
	RISK_LEVELS,
	SEXES
} from '$lib/db/schema';

export type FieldKind = 'text' | 'code' | 'date' | 'timestamp' | 'month' | 'integer' | 'number' | 'boolean';

export interface FieldSpec {
	name: string;
	kind: FieldKind;
	label: string;
	required?: boolean;
	/** For `code` fields: the canonical values. */
	codes?: readonly string[];
	/** For `integer`/`number` fields: the plausible range, inclusive. */
	range?: readonly [number, number];
	/** For date fields: the earliest plausible date, when it is not the general 2000-01-01. */
	earliest?: string;
}

export type TargetTable = 'concerns' | 'missing_episodes' | 'locations' | 'population';

const flag = (name: string, label: string): FieldSpec => ({ name, kind: 'boolean', label });

export const TARGETS: Record<TargetTable, readonly FieldSpec[]> = {
	concerns: [
		{ name: 'child_id', kind: 'text', label: 'Child pseudonym', required: true },
		{ name: 'record_id', kind: 'text', label: 'Record ID' },
		{ name: 'identified_on', kind: 'date', label: 'Date identified', required: true },
		{ name: 'exploitation_type', kind: 'code', label: 'Exploitation type', codes: EXPLOITATION_TYPES },
		{ name: 'risk_level', kind: 'code', label: 'Risk level', codes: RISK_LEVELS },
		{ name: 'risk_label', kind: 'text', label: "Agency's risk label" },
		{ name: 'risk_score', kind: 'number', label: 'Risk score', range: [0, 100] },
		{ name: 'sex', kind: 'code', label: 'Sex', codes: SEXES },
		{ name: 'birth_month', kind: 'month', label: 'Month of birth', earliest: '1990-01-01' },
		{ name: 'age_years', kind: 'integer', label: 'Age', range: [0, 25] },
		{ name: 'ethnic_group', kind: 'code', label: 'Ethnic group', codes: ETHNIC_GROUPS },
		{ name: 'ethnicity_code', kind: 'text', label: 'Ethnicity as recorded' },
		flag('disability_sen', 'Disability or SEN'),
		{ name: 'home_area', kind: 'text', label: 'Home area code' },
		flag('looked_after', 'Looked after'),
		flag('care_leaver', 'Care leaver'),
		...CORE_RISK_FLAGS.map((f) => flag(`flag_${f}`, `Risk: ${f.replaceAll('_', ' ')}`)),
		{ name: 'status', kind: 'code', label: 'Status', codes: CODED_COLUMNS.concerns.status },
		{ name: 'closed_on', kind: 'date', label: 'Date closed' }
	],
	missing_episodes: [
		{ name: 'child_id', kind: 'text', label: 'Child pseudonym', required: true },
		{ name: 'started_at', kind: 'timestamp', label: 'Episode start', required: true },
		{ name: 'ended_at', kind: 'timestamp', label: 'Episode end' },
		{ name: 'setting', kind: 'code', label: 'Missing from', codes: CODED_COLUMNS.missing_episodes.setting },
		{ name: 'missing_or_away', kind: 'code', label: 'Missing or away', codes: CODED_COLUMNS.missing_episodes.missing_or_away },
		{ name: 'area_found', kind: 'text', label: 'Area found' },
		flag('rhi_offered', 'Return-home interview offered'),
		flag('rhi_accepted', 'Return-home interview accepted'),
		{ name: 'rhi_on', kind: 'date', label: 'Return-home interview date' },
		flag('cse_concern', 'CSE concern')
	],
	locations: [
		{ name: 'month', kind: 'month', label: 'Month', required: true },
		{ name: 'area_code', kind: 'text', label: 'Area code', required: true },
		{ name: 'location_type', kind: 'code', label: 'Location type', required: true, codes: [
			'private_address', 'hotel', 'park', 'takeaway', 'shop', 'transport_hub', 'school', 'vehicle', 'online', 'other'
		] },
		{ name: 'count', kind: 'integer', label: 'Count', required: true, range: [0, 1_000_000] },
		{ name: 'agency', kind: 'text', label: 'Agency', required: true }
	],
	population: [
		{ name: 'area_code', kind: 'text', label: 'Area code', required: true },
		{ name: 'year', kind: 'integer', label: 'Mid-year', required: true, range: [1990, 2100] },
		{ name: 'age_from', kind: 'integer', label: 'Age from', required: true, range: [0, 120] },
		{ name: 'age_to', kind: 'integer', label: 'Age to', required: true, range: [0, 120] },
		{ name: 'count', kind: 'integer', label: 'Population', required: true, range: [0, 100_000_000] }
	]
};

/** Tables whose rows belong to an agency (the mapping's agency fills `agency`). */
export const AGENCY_TABLES: ReadonlySet<TargetTable> = new Set(['concerns', 'missing_episodes']);

export function fieldSpec(target: TargetTable, name: string): FieldSpec {
	const spec = TARGETS[target].find((f) => f.name === name);
	if (!spec) throw new Error(`Unknown field '${name}' for ${target}`);
	return spec;
}
