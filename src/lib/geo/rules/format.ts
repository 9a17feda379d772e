/** Rules on the file as a whole: it is JSON, and it holds area features. */
import { isTopology } from '../topojson';
import { featureLabel, type BoundaryRule } from './rule';

export const isJson: BoundaryRule<string> = {
	code: 'BND01',
	title: 'The file is JSON',
	message: 'A boundary file is GeoJSON or TopoJSON, both of which are JSON text.',
	advice: 'Download the boundaries again as GeoJSON (or TopoJSON); a Shapefile or KML must be converted first.',
	check(text) {
		try {
			JSON.parse(text);
			return null;
		} catch (err) {
			const start = text.trimStart().slice(0, 1);
			return start === '{' || start === '['
				? `is not valid JSON (${(err as Error).message}); it may have been cut short.`
				: 'is not JSON text, so it is not a GeoJSON or TopoJSON file.';
		}
	}
};

export const isFeatureCollection: BoundaryRule<unknown> = {
	code: 'BND02',
	title: 'The file holds features',
	message: 'The JSON is a GeoJSON FeatureCollection (or one Feature) or a TopoJSON Topology, with at least one feature.',
	advice: 'Use a GeoJSON FeatureCollection or a TopoJSON file of the areas, each with its code among its properties.',
	check(value) {
		const v = value as { type?: unknown; features?: unknown } | null;
		if (isTopology(value)) return Object.keys(value.objects).length ? null : 'is a TopoJSON topology with no objects.';
		if (!v || typeof v !== 'object' || Array.isArray(v)) return 'is JSON but not GeoJSON: it is not an object with a "type".';
		if (v.type === 'Feature') return null;
		if (v.type !== 'FeatureCollection') {
			return typeof v.type === 'string'
				? `is a GeoJSON ${v.type}, not a FeatureCollection: it has no properties to say which area is which.`
				: 'is JSON but not GeoJSON: it has no "type" member.';
		}
		if (!Array.isArray(v.features)) return 'is a FeatureCollection without a "features" list.';
		return v.features.length ? null : 'is a FeatureCollection with no features.';
	}
};

/** A feature's geometry type, or null when it has none. */
export interface FeatureShape {
	geometryType: string | null;
	code?: string | null;
}

export const areaGeometry: BoundaryRule<readonly FeatureShape[]> = {
	code: 'BND03',
	title: 'Features are areas',
	message: 'Every feature is a Polygon or MultiPolygon: points and lines cannot be coloured as areas.',
	advice: 'Use the boundary (polygon) file for the areas, not a file of centroids or lines.',
	check(features) {
		const bad = features.findIndex((f) => f.geometryType !== null && f.geometryType !== 'Polygon' && f.geometryType !== 'MultiPolygon');
		return bad < 0 ? null : `${featureLabel(bad, features[bad].code)} is a ${features[bad].geometryType}, not an area (Polygon or MultiPolygon).`;
	}
};
