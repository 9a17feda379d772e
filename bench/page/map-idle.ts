/**
 * The map case, app side: a choropleth update on MapLibre until the map is idle again, at about
 * `areas` synthetic grid squares. The map is drawn as the Map page draws it: the app's offline
 * style, its GeoJSON (mapFeatures of mapView) and its fill and outline layers. One update is what
 * a change of measure or period does: Gi*, breaks and disclosure (mapView), new GeoJSON, setData,
 * then MapLibre's `idle` (tiles rebuilt in its worker and drawn, on SwiftShader here).
 */
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { OFFLINE_STYLE } from '$lib/components/map/offline-style';
import { syntheticGrid } from '$lib/geo/synthetic-grid';
import { cachedQueenNeighbours } from '$lib/geo/contiguity';
import { giStar } from '$lib/geo/gi-star';
import { mapFeatures, mapView, BOUNDARY_COLOUR, type MapAreaInput } from '$lib/views/map-view';
import { boundsOf } from '$lib/views/map-view';

const round = (x: number) => Math.round(x * 10) / 10;

function idle(map: maplibregl.Map): Promise<void> {
	return new Promise((resolve) => map.once('idle', () => resolve()));
}

export async function mapIdle(areas: number, reps: number) {
	const cols = Math.ceil(Math.sqrt(areas));
	const geometries = syntheticGrid(cols, Math.ceil(areas / cols));
	const shapes = geometries.map((geometry, i) => ({ code: `G${String(i).padStart(5, '0')}`, geometry }));
	const valuesFor = (k: number) => shapes.map((_, i) => ((i + k) * 7919) % 40 + (i % cols < cols / 3 ? 12 : 0));
	const inputs = (values: number[]): MapAreaInput[] => {
		const { list } = cachedQueenNeighbours(geometries);
		const gi = giStar(Float64Array.from(values), list);
		return shapes.map((s, i) => ({ code: s.code, name: s.code, count: values[i], population: null, rate: null, giZ: Number.isNaN(gi.z[i]) ? null : gi.z[i], hotspot: gi.classes[i] }));
	};
	const container = document.createElement('div');
	container.style.cssText = 'width: 800px; height: 600px; position: absolute; left: 0; top: 0;';
	document.body.append(container);
	maplibregl.setWorkerUrl(workerUrl);
	const b = boundsOf(shapes)!;
	const map = new maplibregl.Map({ container, style: OFFLINE_STYLE, bounds: [b[0], b[1], b[2], b[3]], attributionControl: false, fadeDuration: 0 });
	await new Promise<void>((resolve) => map.once('load', () => resolve()));
	const first = mapFeatures(shapes, mapView(inputs(valuesFor(1)), { value: 'count', analyst: false }));
	map.addSource('areas', { type: 'geojson', data: first as unknown as maplibregl.GeoJSONSourceSpecification['data'] });
	map.addLayer({ id: 'area-fill', type: 'fill', source: 'areas', paint: { 'fill-color': ['get', 'fill'] } });
	map.addLayer({ id: 'area-outline', type: 'line', source: 'areas', paint: { 'line-color': BOUNDARY_COLOUR, 'line-width': 0.5 } });
	await idle(map);
	const update: number[] = [];
	const parts: Record<string, number>[] = [];
	for (let rep = -1; rep < reps; rep++) {
		const values = valuesFor(rep + 3);
		const done = idle(map);
		const t0 = performance.now();
		const view = mapView(inputs(values), { value: 'count', analyst: false });
		const data = mapFeatures(shapes, view);
		const t1 = performance.now();
		(map.getSource('areas') as maplibregl.GeoJSONSource).setData(data as unknown as Parameters<maplibregl.GeoJSONSource['setData']>[0]);
		await done;
		const t2 = performance.now();
		if (rep >= 0) {
			update.push(t2 - t0);
			parts.push({ statistics_and_geojson: round(t1 - t0), set_data_to_idle: round(t2 - t1) });
		}
	}
	map.remove();
	container.remove();
	return { areas: shapes.length, update: update.map(round), parts };
}
