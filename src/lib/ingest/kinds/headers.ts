/**
 * Header analysis for the published files CSE Profile recognises (DOMAIN.md "Published data an
 * analyst will feed in"). Pure functions of the header cells, shared by `recognise.ts` (which
 * names the kind of a file before it is staged) and the loaders in this folder (which find their
 * columns in the staged table the same way), so the two never disagree.
 *
 * Header cells are compared case-, space- and underscore-insensitively: `Crime ID`, `crime_id`
 * and `CRIME ID` are one column; so are `CLA_group` and `cla group`.
 */

/** A header cell reduced for matching: BOM removed, lower case, no white space or underscores. */
export function headerKeyOf(cell: string): string {
	return cell.replace(/^\uFEFF/, '').toLowerCase().replace(/[\s_]+/g, '');
}

/** The first header cell (as written in the file) whose key is one of `names`' keys, in `names` order. */
export function findColumn(header: readonly string[], ...names: string[]): string | undefined {
	for (const name of names) {
		const key = headerKeyOf(name);
		const found = header.find((cell) => headerKeyOf(cell) === key);
		if (found !== undefined) return found;
	}
	return undefined;
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((cell, i) => cell === b[i]);
}

/** True when `header` holds exactly the cells of `wanted` (any order, matched by key). */
export function sameColumnSet(header: readonly string[], wanted: readonly string[]): boolean {
	const got = header.map(headerKeyOf).sort();
	const want = wanted.map(headerKeyOf).sort();
	return sameCells(got, want);
}

/** True when `header` is `wanted` cell for cell, exactly as published (a BOM aside). */
export function exactHeader(header: readonly string[], wanted: readonly string[]): boolean {
	return sameCells(
		header.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c)),
		wanted
	);
}

// ---------------------------------------------------------------------------------------------
// police.uk street-level crime

/** The police.uk street-level crime header, as published. */
export const POLICE_UK_HEADER = [
	'Crime ID', 'Month', 'Reported by', 'Falls within', 'Longitude', 'Latitude', 'Location',
	'LSOA code', 'LSOA name', 'Crime type', 'Last outcome category', 'Context'
] as const;

// ---------------------------------------------------------------------------------------------
// DfE explore-education-statistics (EES)

/** The columns every EES data file starts with. */
export const EES_REQUIRED = ['time_period', 'time_identifier', 'geographic_level'] as const;

/**
 * Standard EES geography and time columns (not measures, not filters), by key. Older and newer
 * releases spell some differently, so a few known renamings are listed too.
 */
const EES_STANDARD_NAMES = [
	'time_period', 'time_identifier', 'geographic_level',
	'country_code', 'country_name', 'region_code', 'region_name',
	'old_la_code', 'new_la_code', 'la_code', 'la_name', 'local_authority_code', 'local_authority_name',
	'lad_code', 'lad_name', 'pcon_code', 'pcon_name', 'ward_code', 'ward_name',
	'opportunity_area_code', 'opportunity_area_name', 'rsc_region_lead_name',
	'lsip_code', 'lsip_name', 'local_enterprise_partnership_code', 'local_enterprise_partnership_name',
	'english_devolved_area_code', 'english_devolved_area_name',
	'mayoral_combined_authority_code', 'mayoral_combined_authority_name',
	'school_urn', 'school_laestab', 'school_name', 'school_postcode',
	'provider_ukprn', 'provider_name', 'institution_id', 'institution_name',
	'trust_id', 'trust_name', 'sponsor_id', 'sponsor_name', 'federation_code', 'federation_name'
];
const EES_STANDARD_KEYS = new Set(EES_STANDARD_NAMES.map(headerKeyOf));

export function isEesStandardColumn(cell: string): boolean {
	return EES_STANDARD_KEYS.has(headerKeyOf(cell));
}

/**
 * Where each geographic level keeps its area code and name. The first column of each list that
 * is in the file is used (`new_la_code` has been `la_code` in some releases).
 */
export const EES_LEVEL_COLUMNS: readonly { level: string; code: readonly string[]; name: readonly string[] }[] = [
	{ level: 'National', code: ['country_code'], name: ['country_name'] },
	{ level: 'Regional', code: ['region_code'], name: ['region_name'] },
	{ level: 'Local authority', code: ['new_la_code', 'la_code', 'local_authority_code'], name: ['la_name', 'local_authority_name'] },
	{ level: 'Local authority district', code: ['lad_code'], name: ['lad_name'] },
	{ level: 'Parliamentary constituency', code: ['pcon_code'], name: ['pcon_name'] },
	{ level: 'Ward', code: ['ward_code'], name: ['ward_name'] },
	{ level: 'Local skills improvement plan area', code: ['lsip_code'], name: ['lsip_name'] },
	{ level: 'English devolved area', code: ['english_devolved_area_code'], name: ['english_devolved_area_name'] },
	{ level: 'Opportunity area', code: ['opportunity_area_code'], name: ['opportunity_area_name'] }
];

/** Column names that hold the value in a long ("tidy") EES file, where another column names the measure. */
const EES_VALUE_KEYS = ['number', 'value'].map(headerKeyOf);

/** Columns that name the measure in a long EES file, most specific first. */
const EES_MEASURE_NAME_KEYS = ['cla_group', 'measure', 'indicator', 'measure_name', 'indicator_name', 'category', 'characteristic']
	.map(headerKeyOf);

/** Column names that are always filters (dimensions), whatever their cells hold. */
export function looksLikeDimension(cell: string): boolean {
	const key = headerKeyOf(cell);
	return (
		EES_MEASURE_NAME_KEYS.includes(key) ||
		key.endsWith('group') ||
		['breakdown', 'breakdowntopic', 'type', 'phase', 'sex', 'gender', 'ethnicity', 'age', 'agegroup'].includes(key)
	);
}

export interface EesHeader {
	/** The header has the three columns every EES file has. */
	isEes: boolean;
	/** Cells that are neither standard time nor geography columns: filters and measures. */
	others: string[];
	/** `long` when one column holds the value and another names the measure (e.g. `CLA_group` + `number`). */
	layout: 'wide' | 'long';
	/** Long layout: the column holding values (e.g. `number`). */
	valueColumn?: string;
	/** Long layout: the column naming the measure (e.g. `CLA_group`); absent if the file has none. */
	measureNameColumn?: string;
}

export function analyseEesHeader(header: readonly string[]): EesHeader {
	const isEes = EES_REQUIRED.every((c) => findColumn(header, c) !== undefined);
	const others = header.filter((c) => !isEesStandardColumn(c));
	const valueColumn = others.find((c) => EES_VALUE_KEYS.includes(headerKeyOf(c)));
	if (!valueColumn) return { isEes, others, layout: 'wide' };
	const candidates = others.filter((c) => c !== valueColumn);
	// Only a column known to name measures does; otherwise the value column's own name is the
	// measure and every other column stays a filter (safer than guessing which filter it is).
	const measureNameColumn =
		EES_MEASURE_NAME_KEYS.map((k) => candidates.find((c) => headerKeyOf(c) === k)).find((c) => c !== undefined) ??
		candidates.find((c) => headerKeyOf(c).endsWith('group'));
	return { isEes, others, layout: 'long', valueColumn, measureNameColumn };
}

// ---------------------------------------------------------------------------------------------
// ONS population, DfE layout (by local authority)

export interface LaPopulationHeader {
	timePeriod: string;
	geographicLevel: string;
	ageGroup: string;
	population: string;
}

/** The DfE-layout population file: `time_period … new_la_code, la_name, age_group, population_estimate`. */
export function analyseLaPopulationHeader(header: readonly string[]): LaPopulationHeader | null {
	const timePeriod = findColumn(header, 'time_period');
	const geographicLevel = findColumn(header, 'geographic_level');
	const laCode = findColumn(header, 'new_la_code', 'la_code', 'local_authority_code');
	const ageGroup = findColumn(header, 'age_group', 'age_band', 'age');
	const population = findColumn(header, 'population_estimate', 'population', 'mid_year_estimate', 'estimate');
	if (!timePeriod || !geographicLevel || !laCode || !ageGroup || !population) return null;
	return { timePeriod, geographicLevel, ageGroup, population };
}

// ---------------------------------------------------------------------------------------------
// ONS population by small area (LSOA)

export interface AgeBandColumn {
	column: string;
	/** The band from the header; null when the header says "children" without one (the loader then needs it as an option). */
	ageFrom: number | null;
	ageTo: number | null;
	/** The mid-year the column's header names (`mid 2015`), if any. */
	year: number | null;
}

export interface SmallAreaPopulationHeader {
	areaCode: string;
	areaName?: string;
	laCode?: string;
	laName?: string;
	/** Boundary vintage from the code column's header (`LSOA code (2011)` → 2011, `LSOA21CD` → 2021). */
	vintage: string | null;
	laVintage: string | null;
	/** Count columns whose header names a closed age band (`Dependent Children aged 0-15: mid 2015`). */
	bands: AgeBandColumn[];
}

/** `LSOA code (2011)`, `LSOA21CD`, `lsoa11code`, `lsoa code`, `LSOA`. */
const AREA_CODE_KEY = /^lsoa(\d{2})?(cd|code)?(\(\d{4}\))?$/;

function vintageOf(cell: string): string | null {
	const year = /\((\d{4})\)/.exec(cell);
	if (year) return year[1];
	const short = /^lsoa(\d{2})(cd|nm|code|name)$/.exec(headerKeyOf(cell));
	return short ? `20${short[1]}` : null;
}

/**
 * An age band in a count column's header: "aged 0-15", "Children aged 0 to 17", "children_0_17".
 * A band ending in `/` (`18-59/64`) or open-ended (`60 and over`) is not a closed band.
 */
export function ageBandOf(cell: string): { ageFrom: number; ageTo: number } | null {
	const text = cell.replace(/_/g, ' ');
	const match = /\b(?:children|child|aged?)\b\D*?\b(\d{1,2})\s*(?:-|–|to|\s)\s*(\d{1,2})(?![\d/])/i.exec(text);
	if (!match) return null;
	const ageFrom = Number(match[1]);
	const ageTo = Number(match[2]);
	return ageFrom <= ageTo ? { ageFrom, ageTo } : null;
}

/** The mid-year a count column's header names: `mid 2015`, `mid-2015`, `mid_year_2015`, else a lone year (`children_0_17_2021`). */
export function midYearOf(cell: string): number | null {
	const mid = /mid[\s_-]*(?:year[\s_-]*)?((?:19|20)\d{2})(?!\d)/i.exec(cell);
	if (mid) return Number(mid[1]);
	const years = cell.replace(/_/g, ' ').match(/(?<!\d)(?:19|20)\d{2}(?!\d)/g);
	return years && years.length === 1 ? Number(years[0]) : null;
}

export function analyseSmallAreaHeader(header: readonly string[]): SmallAreaPopulationHeader | null {
	const areaCode = header.find((c) => AREA_CODE_KEY.test(headerKeyOf(c)));
	if (!areaCode) return null;
	const areaName = header.find((c) => /^lsoa(\d{2})?(nm|name)(\(\d{4}\))?$/.test(headerKeyOf(c)));
	const laCode = header.find((c) => /^(localauthoritydistrictcode|ladcode|lad\d{2}cd|lacode|localauthoritycode)(\(\d{4}\))?$/.test(headerKeyOf(c)));
	const laName = header.find((c) => /^(localauthoritydistrictname|ladname|lad\d{2}nm|laname|localauthorityname)(\(\d{4}\))?$/.test(headerKeyOf(c)));
	const skip = new Set([areaCode, areaName, laCode, laName]);
	const bands: AgeBandColumn[] = [];
	for (const column of header) {
		if (skip.has(column)) continue;
		const band = ageBandOf(column);
		if (band) bands.push({ column, ...band, year: midYearOf(column) });
	}
	if (!bands.length) {
		// The plainest layout: one count column called just "children" (its band given on import).
		const children = header.find((c) => !skip.has(c) && /^(dependent)?child(ren)?(count|population)?$/.test(headerKeyOf(c)));
		if (!children) return null;
		bands.push({ column: children, ageFrom: null, ageTo: null, year: midYearOf(children) });
	}
	return {
		areaCode, areaName, laCode, laName,
		vintage: vintageOf(areaCode),
		laVintage: laCode ? vintageOf(laCode) : null,
		bands
	};
}
