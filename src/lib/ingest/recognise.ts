/**
 * Recognises the files CSE Profile knows without a mapping, from their header alone: published
 * national data (police.uk street-level crime, DfE explore-education-statistics data files, ONS
 * population estimates) and the product's own templates (area lookup, locations of concern,
 * population by area). Anything else returns null and goes to the user's mapping step.
 *
 * Header cells are compared ignoring case, spaces and underscores (`Crime ID` = `crime_id`,
 * `CLA_group` = `cla group`). `confidence` is `exact` when the header is the layout as published
 * (or as the template gives it), `likely` when it matched only after that loosening, or when the
 * file will need something more on import (e.g. the year of a small-area population file).
 */
import type { Mapping } from './mapping';
import { TEMPLATES } from './templates';
export { templateCsv } from './templates';
import {
	EES_REQUIRED,
	POLICE_UK_HEADER,
	analyseEesHeader,
	analyseLaPopulationHeader,
	analyseSmallAreaHeader,
	exactHeader,
	sameColumnSet
} from './kinds/headers';

export type KnownKind =
	| 'police_uk_street'
	| 'dfe_ees'
	| 'ons_population_la'
	| 'ons_population_small_area'
	| 'area_lookup'
	| `template:${string}`;

export interface Recognition {
	kind: KnownKind;
	/** What the file is, for the Import page, e.g. "police.uk street-level crime". */
	label: string;
	confidence: 'exact' | 'likely';
	/** DfE files: `wide` (a column per measure) or `long` (one column names the measure, another holds it). */
	layout?: 'wide' | 'long';
	/** Template kinds and the area lookup: the template the file follows. */
	template?: FileTemplate;
}

/** A blank CSV the Import page offers for download; files that follow it load without a mapping. */
export interface FileTemplate {
	kind: KnownKind;
	label: string;
	/** A file name to save the blank template as. */
	fileName: string;
	header: readonly string[];
	/** The mapping that loads it (null for the area lookup, which has its own loader). */
	mapping: Mapping | null;
}

/**
 * The product's templates (templates.ts): the area lookup and every template mapping. Agency
 * exports are not templates: they need their own mappings.
 */
export const FILE_TEMPLATES: readonly FileTemplate[] = TEMPLATES.map((t) => ({
	kind: t.mapping ? (`template:${t.mapping.name}` as const) : 'area_lookup',
	label: t.title,
	fileName: t.fileName,
	header: t.header,
	mapping: t.mapping
}));

export const KIND_LABELS: Record<'police_uk_street' | 'dfe_ees' | 'ons_population_la' | 'ons_population_small_area', string> = {
	police_uk_street: 'police.uk street-level crime',
	dfe_ees: 'DfE explore-education-statistics data file',
	ons_population_la: 'ONS mid-year population by local authority (DfE layout)',
	ons_population_small_area: 'ONS mid-year population by small area (LSOA)'
};

/** Spelled exactly as published (case and underscores too). */
function hasExactly(header: readonly string[], cells: readonly string[]): boolean {
	const clean = header.map((c) => c.replace(/^\uFEFF/, ''));
	return cells.every((c) => clean.includes(c));
}

/** What kind of file `header` (the first row, as cells) belongs to; null if none the product knows. */
export function recogniseFile(header: readonly string[]): Recognition | null {
	const cells = header.filter((c, i) => !(i === header.length - 1 && c.trim() === '' && header.length > 1));
	if (!cells.length) return null;

	for (const template of FILE_TEMPLATES) {
		if (sameColumnSet(cells, template.header)) {
			return {
				kind: template.kind,
				label: template.label,
				confidence: exactHeader(cells, template.header) ? 'exact' : 'likely',
				template
			};
		}
	}

	if (sameColumnSet(cells, POLICE_UK_HEADER)) {
		return {
			kind: 'police_uk_street',
			label: KIND_LABELS.police_uk_street,
			confidence: exactHeader(cells, POLICE_UK_HEADER) ? 'exact' : 'likely'
		};
	}

	const ees = analyseEesHeader(cells);
	const population = analyseLaPopulationHeader(cells);
	if (ees.isEes && population) {
		const exact = hasExactly(cells, [...EES_REQUIRED, 'new_la_code', 'la_name', 'age_group', 'population_estimate']);
		return { kind: 'ons_population_la', label: KIND_LABELS.ons_population_la, confidence: exact ? 'exact' : 'likely' };
	}

	if (ees.isEes && ees.others.length) {
		const exact = hasExactly(cells, [...EES_REQUIRED, 'country_code', 'country_name']);
		const label =
			ees.layout === 'long'
				? `${KIND_LABELS.dfe_ees} (long: "${ees.measureNameColumn ?? ees.valueColumn}" names each figure)`
				: `${KIND_LABELS.dfe_ees} (wide: a column per measure)`;
		return { kind: 'dfe_ees', label, confidence: exact ? 'exact' : 'likely', layout: ees.layout };
	}

	const smallArea = analyseSmallAreaHeader(cells);
	if (smallArea) {
		// Exact when the header says everything the loader needs: each count's age band and mid-year.
		const complete = smallArea.bands.every((b) => b.ageFrom !== null && b.year !== null);
		return {
			kind: 'ons_population_small_area',
			label: KIND_LABELS.ons_population_small_area,
			confidence: complete && smallArea.vintage ? 'exact' : 'likely'
		};
	}
	return null;
}
