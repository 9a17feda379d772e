/**
 * Loaders for the files `recogniseFile` knows, and one entry point that picks the right one, so
 * the Import page and the command line can load a recognised file without a mapping step.
 */
import type { Engine } from '$lib/db/engine';
import type { ImportResult, SourceFile } from '../import-run';
import { loadAreaLookup } from '../load-area-lookup';
import { loadMapped, type LoadOptions } from '../load-mapped';
import type { Recognition } from '../recognise';
import { loadDfeEes, type DfeEesOptions } from './dfe-ees';
import { loadOnsPopulationLa, loadOnsPopulationSmallArea, type SmallAreaPopulationOptions } from './ons-population';
import { loadPoliceUk, type PoliceUkOptions } from './police-uk';

export { loadPoliceUk, type PoliceUkOptions } from './police-uk';
export { loadDfeEes, classifyEesColumns, type DfeEesOptions, type EesColumns } from './dfe-ees';
export {
	loadOnsPopulationLa,
	loadOnsPopulationSmallArea,
	type PopulationOptions,
	type SmallAreaPopulationOptions
} from './ons-population';

/** Options for whichever loader a recognised file goes to; each loader reads only its own. */
export type KnownFileOptions = PoliceUkOptions & DfeEesOptions & SmallAreaPopulationOptions & LoadOptions;

export async function loadRecognised(
	engine: Engine,
	file: SourceFile,
	recognition: Recognition,
	options: KnownFileOptions = {}
): Promise<ImportResult> {
	switch (recognition.kind) {
		case 'police_uk_street':
			return loadPoliceUk(engine, file, options);
		case 'dfe_ees':
			return loadDfeEes(engine, file, options);
		case 'ons_population_la':
			return loadOnsPopulationLa(engine, file, options);
		case 'ons_population_small_area':
			return loadOnsPopulationSmallArea(engine, file, options);
		case 'area_lookup':
			return loadAreaLookup(engine, file);
		default: {
			const mapping = recognition.template?.mapping;
			if (!mapping) throw new Error(`No loader for a file recognised as ${recognition.kind}.`);
			return loadMapped(engine, file, mapping, options);
		}
	}
}
