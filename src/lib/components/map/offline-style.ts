import type { StyleSpecification } from 'maplibre-gl';

/** The land colour behind the boundaries: a neutral that no choropleth class uses. */
export const MAP_BACKGROUND = '#e9ecef';

/**
 * The map's own style: only a background, no tiles, glyphs or sprites, so nothing is fetched and
 * the boundaries are the base map. Shared with the benchmark's map case, which draws the same.
 */
export const OFFLINE_STYLE: StyleSpecification = {
	version: 8,
	sources: {},
	layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } }]
};
