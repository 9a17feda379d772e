import { describe, expect, it } from 'vitest';
import { boundaryNotice, isBoundaryFile } from '$lib/app/import-session.svelte';
import type { BoundaryLoadResult } from '$lib/geo/boundary-store';

describe('boundary files on the Import page', () => {
	it('are recognised by their ending, whatever its case; CSVs are not', () => {
		expect(['wards.geojson', 'LSOA_2021.JSON', 'areas.topojson'].map(isBoundaryFile)).toEqual([true, true, true]);
		expect(['police.csv', 'geojson.csv', 'notes.txt'].map(isBoundaryFile)).toEqual([false, false, false]);
	});

	it('say what was loaded, from which properties, and what was converted', () => {
		const result = {
			level: 'small_area', vintage: '2021', format: 'geojson', sourceCrs: 'bng', codeProperty: 'LSOA21CD', nameProperty: 'LSOA21NM',
			parentProperty: null, properties: [], areaCount: 1234, placedByContainment: 12
		} as unknown as BoundaryLoadResult;
		expect(boundaryNotice(result)).toBe(
			'Boundaries: 1,234 small areas (GeoJSON, codes and names from LSOA21CD and LSOA21NM, 2021 boundaries). They replace any earlier small areas on the Map page. Coordinates were in British National Grid and have been converted to longitude and latitude. 12 areas were placed in their larger area by where they lie.'
		);
	});
});
