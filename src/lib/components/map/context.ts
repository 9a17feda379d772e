/**
 * How the map's components find each other: Map puts the MapLibre map in the context, a source
 * puts its id, and layers (its children) read both. Layers are only created once the map's style
 * has loaded (Map renders its children after that), so a layer never waits for the map.
 */
import { getContext, setContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

const MAP = Symbol('map');
const SOURCE = Symbol('map-source');

export function setMap(get: () => MapLibreMap): void {
	setContext(MAP, get);
}

export function getMap(): MapLibreMap {
	const get = getContext<(() => MapLibreMap) | undefined>(MAP);
	if (!get) throw new Error('A map layer or source must be inside <Map>.');
	return get();
}

export function setSourceId(id: string): void {
	setContext(SOURCE, id);
}

export function getSourceId(): string {
	const id = getContext<string | undefined>(SOURCE);
	if (!id) throw new Error('A map layer must be inside <MapSource>.');
	return id;
}

/**
 * Run a clean-up step that may find the map already gone: when a page is left, the map is removed
 * and then its sources and layers try to remove themselves from it.
 */
export function whileMapExists(map: MapLibreMap, work: () => void): void {
	try {
		if (map.getStyle()) work();
	} catch {
		/* the map was removed first: nothing left to clean up */
	}
}
