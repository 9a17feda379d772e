/**
 * recogniseFile names the kind of every real published file and every product template from its
 * header alone, whatever the case, spacing or underscores; agency exports return null (they go to
 * the mapping step).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { FILE_TEMPLATES, recogniseFile, templateCsv, type KnownKind } from '$lib/ingest/recognise';
import { CONCERNS_TEMPLATE, MISSING_TEMPLATE } from '$lib/ingest/templates';
import { POLICE_UK_HEADER } from '$lib/ingest/kinds/headers';
import { AREA_LOOKUP_HEADER } from '$lib/ingest/load-area-lookup';
import { LOCATIONS_OF_CONCERN, POPULATION_TEMPLATE } from '$lib/ingest/sample-mappings';

const REAL = join(process.cwd(), '..', 'shared', 'realdata');
const SAMPLES = join(process.cwd(), 'data-samples', 'northbrook');

/** A file's header row as cells, exactly as written (a BOM kept on the first cell). */
function headerOf(path: string): string[] {
	const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(path)).slice(0, 20_000);
	return Papa.parse<string[]>(text, { preview: 1 }).data[0];
}

const REAL_FILES: [string, KnownKind, ('wide' | 'long')?][] = [
	['police-uk/2022-01-essex-street-southend.csv', 'police_uk_street'],
	['police-uk/2022-02-essex-street-southend.csv', 'police_uk_street'],
	['police-uk/2022-03-essex-street-southend.csv', 'police_uk_street'],
	['population/lsoa2011-population-mid2015-southend.csv', 'ons_population_small_area'],
	['population/la-children-0-17-2012-2024.csv', 'ons_population_la'],
	['dfe/c3_factors_identified_at_end_of_assessment_2018_to_2025.csv', 'dfe_ees', 'wide'],
	['dfe/la_children_who_were_missing_or_away_from_placement_without_authorisation_2020-2024.csv', 'dfe_ees', 'long']
];

const SAMPLE_KINDS: Record<string, KnownKind | null> = {
	'areas.csv': 'area_lookup',
	'population.csv': `template:${POPULATION_TEMPLATE.name}`,
	'locations-of-concern.csv': `template:${LOCATIONS_OF_CONCERN.name}`,
	'police-cse-referrals.csv': null,
	'csc-seraf-assessments.csv': null,
	'health-exploitation-log.csv': null,
	'voluntary-sector-referrals.csv': null,
	'missing-episodes.csv': null
};

describe('recogniseFile', () => {
	it('recognises every real published file as its kind, exactly', () => {
		if (!existsSync(REAL)) return console.warn(`real data folder ${REAL} is absent (a fresh clone): nothing to check here`);
		for (const [file, kind, layout] of REAL_FILES) {
			const recognition = recogniseFile(headerOf(join(REAL, file)));
			expect(recognition, file).not.toBeNull();
			expect([file, recognition!.kind, recognition!.confidence]).toEqual([file, kind, 'exact']);
			if (layout) expect([file, recognition!.layout]).toEqual([file, layout]);
		}
		expect(recogniseFile(headerOf(join(REAL, REAL_FILES[0][0])))!.label).toBe('police.uk street-level crime');
	});

	it('recognises the sample templates and leaves agency exports to the mapping step', () => {
		const csvs = readdirSync(SAMPLES).filter((f) => f.endsWith('.csv')).sort();
		expect(csvs).toEqual(Object.keys(SAMPLE_KINDS).sort());
		for (const file of csvs) {
			const recognition = recogniseFile(headerOf(join(SAMPLES, file)));
			expect([file, recognition?.kind ?? null]).toEqual([file, SAMPLE_KINDS[file]]);
			if (recognition) expect([file, recognition.confidence]).toEqual([file, 'exact']);
		}
	});

	it('matches header cells ignoring case, spaces and underscores', () => {
		const variants = [
			POLICE_UK_HEADER.map((c) => c.toLowerCase().replaceAll(' ', '_')), // crime_id, month, …
			POLICE_UK_HEADER.map((c) => c.toUpperCase()), // CRIME ID, …
			POLICE_UK_HEADER.map((c) => ` ${c} `),
			['\uFEFFCrime ID', ...POLICE_UK_HEADER.slice(1)],
			[...POLICE_UK_HEADER].reverse()
		];
		for (const header of variants) expect(recogniseFile(header)?.kind).toBe('police_uk_street');
		expect(recogniseFile(variants[0])!.confidence).toBe('likely');
		expect(recogniseFile(variants[3])!.confidence).toBe('exact');
		// Not the police.uk header: a column missing or one extra.
		expect(recogniseFile(POLICE_UK_HEADER.slice(1))).toBeNull();
		expect(recogniseFile([...POLICE_UK_HEADER, 'Force'])).toBeNull();

		const ees = ['TIME_PERIOD', 'Time Identifier', 'geographic_level', 'country_code', 'country_name', 'new_la_code', 'la_name', 'cla group', 'NUMBER'];
		expect(recogniseFile(ees)).toMatchObject({ kind: 'dfe_ees', confidence: 'likely', layout: 'long' });
		expect(recogniseFile(['time_period', 'time_identifier', 'geographic_level', 'country_code', 'country_name', 'Going_missing'])).toMatchObject({
			kind: 'dfe_ees', confidence: 'exact', layout: 'wide'
		});
		// Only the standard columns: no figures, so not a data file.
		expect(recogniseFile(['time_period', 'time_identifier', 'geographic_level', 'country_code'])).toBeNull();

		expect(recogniseFile(['Area Code', 'Area Name', 'Ward Code', 'Ward Name', 'LA Code', 'LA Name'])).toMatchObject({ kind: 'area_lookup', confidence: 'likely' });
		expect(recogniseFile(['AREA_CODE', 'MID_YEAR', 'AGE_BAND', 'POPULATION'])?.kind).toBe(`template:${POPULATION_TEMPLATE.name}`);
	});

	it('recognises the plainer small-area population layout, likely when it does not say its year or band', () => {
		expect(recogniseFile(['LSOA21CD', 'LSOA21NM', 'Children aged 0-17: mid 2021'])).toMatchObject({ kind: 'ons_population_small_area', confidence: 'exact' });
		expect(recogniseFile(['lsoa code', 'children_0_17'])).toMatchObject({ kind: 'ons_population_small_area', confidence: 'likely' });
		expect(recogniseFile(['LSOA11CD', 'Children'])).toMatchObject({ kind: 'ons_population_small_area', confidence: 'likely' });
		// An LSOA column alone, or with counts that name no ages, is not a population file.
		expect(recogniseFile(['LSOA11CD', 'Total'])).toBeNull();
		expect(recogniseFile(['Home LSOA', 'Age at Referral', 'Gender'])).toBeNull();
	});

	it('returns null for anything else', () => {
		expect(recogniseFile([])).toBeNull();
		expect(recogniseFile([''])).toBeNull();
		expect(recogniseFile(['Name', 'Date of birth', 'Postcode'])).toBeNull();
	});

	it('lists the templates the Import page offers as blank downloads', () => {
		expect(FILE_TEMPLATES.map((t) => t.kind)).toEqual([
			`template:${CONCERNS_TEMPLATE.name}`,
			`template:${MISSING_TEMPLATE.name}`,
			`template:${LOCATIONS_OF_CONCERN.name}`,
			`template:${POPULATION_TEMPLATE.name}`,
			'area_lookup'
		]);
		expect(FILE_TEMPLATES.at(-1)!.header).toEqual(AREA_LOOKUP_HEADER);
		expect(FILE_TEMPLATES[3].mapping).toBe(POPULATION_TEMPLATE);
		expect(templateCsv(FILE_TEMPLATES[2])).toBe('Month,Area Code,Location Type,Count,Agency\r\n');
		for (const t of FILE_TEMPLATES) {
			const header = Papa.parse<string[]>(templateCsv(t)).data[0];
			expect(recogniseFile(header)).toMatchObject({ kind: t.kind, confidence: 'exact', template: t });
		}
	});
});
