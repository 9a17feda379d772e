/** Small boundary files for the geo tests, built in code so each test shows what it feeds in. */
import type { Ring } from '$lib/geo/geometry';

export const square = (x0: number, y0: number, size: number): Ring => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];

export interface TestFeature {
	properties: Record<string, unknown>;
	geometry: { type: string; coordinates?: unknown } | null;
}

export const feature = (properties: Record<string, unknown>, ring: Ring | null = square(0, 0, 0.01)): TestFeature => ({
	properties,
	geometry: ring ? { type: 'Polygon', coordinates: [ring] } : null
});

/** A GeoJSON FeatureCollection as text, optionally with a `crs` member. */
export function featureCollection(features: TestFeature[], crs?: string): string {
	return JSON.stringify({
		type: 'FeatureCollection',
		...(crs ? { crs: { type: 'name', properties: { name: crs } } } : {}),
		features: features.map((f) => ({ type: 'Feature', ...f }))
	});
}

/**
 * A 2 × 2 block of small areas (E01000001–4, 0.01° squares from (0.5, 51.5)), each with its ward
 * (E05000001 for the west column, E05000002 for the east), and the two wards as 0.01 × 0.02 strips.
 *
 *   row 1:  E01000003 (W1) | E01000004 (W2)
 *   row 0:  E01000001 (W1) | E01000002 (W2)
 */
export const SMALL_AREAS = featureCollection([
	feature({ LSOA21CD: 'E01000001', LSOA21NM: 'Area 1', WD24CD: 'E05000001' }, square(0.5, 51.5, 0.01)),
	feature({ LSOA21CD: 'E01000002', LSOA21NM: 'Area 2', WD24CD: 'E05000002' }, square(0.51, 51.5, 0.01)),
	feature({ LSOA21CD: 'E01000003', LSOA21NM: 'Area 3', WD24CD: 'E05000001' }, square(0.5, 51.51, 0.01)),
	feature({ LSOA21CD: 'E01000004', LSOA21NM: 'Area 4', WD24CD: 'E05000002' }, square(0.51, 51.51, 0.01))
]);

const strip = (x0: number): Ring => [[x0, 51.5], [x0 + 0.01, 51.5], [x0 + 0.01, 51.52], [x0, 51.52], [x0, 51.5]];

export const WARDS = featureCollection([
	feature({ WD24CD: 'E05000001', WD24NM: 'West ward', LAD24CD: 'E06000099' }, strip(0.5)),
	feature({ WD24CD: 'E05000002', WD24NM: 'East ward', LAD24CD: 'E06000099' }, strip(0.51))
]);

export const enc = (text: string) => new TextEncoder().encode(text);
