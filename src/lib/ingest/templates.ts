/**
 * The product's own CSV templates, offered as blank downloads on the Import page. A file with one
 * of these headers imports straight away, with no mapping step.
 */
import { LOCATIONS_OF_CONCERN, POPULATION_TEMPLATE } from './sample-mappings';
import { AREA_LOOKUP_HEADER } from './load-area-lookup';
import type { Mapping } from './mapping';
import { TARGETS, type TargetTable } from './targets';

/**
 * A template whose columns are the canonical fields themselves, written as the product stores
 * them (ISO dates, yyyy-mm months, canonical codes, yes/no). Its mapping is the identity.
 */
function canonicalTemplate(target: TargetTable, name: string, agency: string): Mapping {
	const fields = TARGETS[target];
	return {
		name,
		agency,
		target,
		dateFormat: 'iso',
		header: fields.map((f) => f.name),
		fields: Object.fromEntries(fields.map((f) => [f.name, { column: f.name, ...(f.kind === 'month' ? { format: 'ym' as const } : {}) }]))
	};
}

export const CONCERNS_TEMPLATE = canonicalTemplate('concerns', 'Concerns (CSE Profile template)', 'Template');
export const MISSING_TEMPLATE = canonicalTemplate('missing_episodes', 'Missing episodes (CSE Profile template)', 'Template');

function describeFields(target: TargetTable): string[] {
	return TARGETS[target].map((f) => {
		const values = f.codes ? ` One of: ${f.codes.join(', ')}.` : f.kind === 'boolean' ? ' yes or no (blank if not known).' : '';
		const format = f.kind === 'date' ? ' yyyy-mm-dd.' : f.kind === 'timestamp' ? ' yyyy-mm-dd hh:mm.' : f.kind === 'month' ? ' yyyy-mm.' : '';
		return `${f.name}: ${f.label}${f.required ? ' (required)' : ''}.${format}${values}`;
	});
}

export interface Template {
	id: string;
	title: string;
	fileName: string;
	header: readonly string[];
	/** The mapping that loads a file in this layout (null for the area lookup, which has its own loader). */
	mapping: Mapping | null;
	guidance: string[];
}

export const TEMPLATES: readonly Template[] = [
	{
		id: 'concerns',
		title: 'Children at risk (concerns)',
		fileName: 'cse-profile-concerns-template.csv',
		header: CONCERNS_TEMPLATE.header,
		mapping: CONCERNS_TEMPLATE,
		guidance: [
			'One row per agency record of a child identified as at risk of exploitation. No names, addresses, full postcodes, dates of birth, NHS numbers or UPNs.',
			'child_id must be the same pseudonym for the same child in every agency\'s file, so the child is counted once.',
			...describeFields('concerns')
		]
	},
	{
		id: 'missing',
		title: 'Missing episodes',
		fileName: 'cse-profile-missing-template.csv',
		header: MISSING_TEMPLATE.header,
		mapping: MISSING_TEMPLATE,
		guidance: ['One row per missing or away episode.', ...describeFields('missing_episodes')]
	},
	{
		id: 'locations',
		title: 'Locations of concern',
		fileName: 'cse-profile-locations-template.csv',
		header: LOCATIONS_OF_CONCERN.header,
		mapping: LOCATIONS_OF_CONCERN,
		guidance: [
			'One row per month, area and type of location, with how many times it was named. Never an address.',
			'Month: yyyy-mm. Area Code: the LSOA or ward code (e.g. E01015814).',
			'Location Type: Private address, Hotel, Park/open space, Takeaway, Shop/centre, Transport hub, School, Vehicle/taxi, Online platform or Other.',
			'Count: a whole number. Agency: who recorded it.'
		]
	},
	{
		id: 'population',
		title: 'Population by area',
		fileName: 'cse-profile-population-template.csv',
		header: POPULATION_TEMPLATE.header,
		mapping: POPULATION_TEMPLATE,
		guidance: [
			'Children by area, mid-year and age band, for rates per 10,000.',
			'mid_year: e.g. 2024. age_band: from-to in whole years, e.g. 0-17 or 10-12 (bands must not overlap).'
		]
	},
	{
		id: 'areas',
		title: 'Area lookup',
		fileName: 'cse-profile-areas-template.csv',
		header: AREA_LOOKUP_HEADER,
		mapping: null,
		guidance: ['One row per small area (LSOA) with the ward and local authority it sits in, codes and names.']
	}
];

/** A blank template: just the header row (CRLF, as Excel writes it). */
export function templateCsv(t: Pick<Template, 'header'>): string {
	const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
	return t.header.map(quote).join(',') + '\r\n';
}

/** The guidance sheet that goes with a template, as plain text. */
export function templateGuidance(t: Template): string {
	return [`${t.title}: how to fill in ${t.fileName}`, '', ...t.guidance.map((g) => `- ${g}`), ''].join('\r\n');
}
