/** Rules on the shapes: a known coordinate system, no empty areas, no rings that cross themselves. */
import { ringSelfIntersection, type AreaGeometry, type BBox, polygonsOf, polygonArea } from '../geometry';
import { featureLabel, type BoundaryRule } from './rule';

export interface CrsCheckInput {
	/** The `crs` member's name, if the file has one. */
	crsName: string | null;
	/** The extent of every coordinate in the file. */
	bbox: BBox;
	/** What the coordinates were taken as: null when neither WGS84 nor British National Grid fits. */
	detected: 'wgs84' | 'bng' | null;
}

export const knownCrs: BoundaryRule<CrsCheckInput> = {
	code: 'BND08',
	title: 'Coordinates are longitude/latitude or British National Grid',
	message:
		'Coordinates are WGS84 longitude/latitude (EPSG:4326) or British National Grid eastings/northings in metres (EPSG:27700), which is converted.',
	advice: 'Download the boundaries in WGS84 or British National Grid (the ONS Open Geography portal offers both); other projections, such as Web Mercator, must be converted first.',
	check({ crsName, bbox, detected }) {
		if (detected) return null;
		const extent = bbox.map((v) => Math.round(v)).join(', ');
		return crsName
			? `uses the coordinate system "${crsName}", which CSE Profile cannot convert (extent ${extent}).`
			: `has coordinates (extent ${extent}) that are neither longitude/latitude nor British National Grid metres.`;
	}
};

export interface ShapeCheckInput {
	code: string | null;
	/** Null when the feature has no geometry at all. */
	geometry: AreaGeometry | null;
}

export const nonEmptyGeometry: BoundaryRule<readonly ShapeCheckInput[]> = {
	code: 'BND07',
	title: 'Every area has a shape',
	message: 'Every feature has a geometry with at least one ring of four or more positions, enclosing some area.',
	advice: 'Download the boundaries again; if the file was edited, remove the feature or give it its shape.',
	check(features) {
		for (let i = 0; i < features.length; i++) {
			const { geometry, code } = features[i];
			const where = featureLabel(i, code);
			if (!geometry) return `${where} has no geometry.`;
			const polygons = polygonsOf(geometry);
			if (!polygons.length || polygons.some((p) => !p.length)) return `${where} has an empty geometry.`;
			if (polygons.some((p) => p.some((ring) => ring.length < 4))) return `${where} has a ring with fewer than four positions.`;
			if (polygons.every((p) => polygonArea(p) <= 0)) return `${where} encloses no area.`;
		}
		return null;
	}
};

export const simpleRings: BoundaryRule<readonly ShapeCheckInput[]> = {
	code: 'BND09',
	title: 'No ring crosses itself',
	message: 'No boundary ring crosses itself (touching at a single point is allowed): a crossed ring makes "inside" ambiguous.',
	advice: 'Repair the geometry (e.g. "Fix geometries" in QGIS, or mapshaper -clean) or download the boundaries again.',
	check(features) {
		for (let i = 0; i < features.length; i++) {
			const { geometry, code } = features[i];
			if (!geometry) continue;
			for (const polygon of polygonsOf(geometry)) {
				for (const ring of polygon) {
					const at = ringSelfIntersection(ring);
					if (at) return `${featureLabel(i, code)} has a ring that crosses itself near ${at[0].toFixed(6)}, ${at[1].toFixed(6)}.`;
				}
			}
		}
		return null;
	}
};
