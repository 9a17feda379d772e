/**
 * A board-safe choropleth drawn as SVG (Observable Plot's geo mark), for the printed report: it
 * prints sharply, needs no WebGL and no tiles, and can be compared with a stored snapshot.
 *
 * Readable in greyscale: the classes are steps of one hue from light to dark, each a clearly
 * different grey, and withheld areas carry a hatch pattern and the words "fewer than N" in the
 * legend, so nothing rests on colour.
 */
import * as Plot from '@observablehq/plot';
import type { AreaGeometry } from '$lib/geo/geometry';

/** What the choropleth draws: each area's shape, its value (null when withheld) and its label. */
export interface ChoroplethInput {
	title: string;
	/** Upper bound of each class, ascending. */
	breaks: readonly number[];
	areas: readonly { code: string; name: string; text: string; value: number | null; geometry: AreaGeometry }[];
}

/** Light to dark; the greys these print as are distinct at every step (luminance 0.93 → 0.2). */
export const CHOROPLETH_COLOURS = ['#eef3f9', '#bcd0e6', '#7ea6cf', '#3f73ad', '#17406f'] as const;

export const HATCH_ID = 'report-map-hatch';

/** The fill of a class (0-based), spread over the ramp when there are fewer classes than colours. */
export function classColour(k: number, classes: number): string {
	if (classes <= 1) return CHOROPLETH_COLOURS[2];
	return CHOROPLETH_COLOURS[Math.round((k * (CHOROPLETH_COLOURS.length - 1)) / (classes - 1))];
}

export function classIndex(value: number, breaks: readonly number[]): number {
	const k = breaks.findIndex((u) => value <= u);
	return k < 0 ? breaks.length - 1 : k;
}

export function choroplethSvg(map: ChoroplethInput, options: { width?: number; document?: Document } = {}) {
	const doc = options.document ?? document;
	const width = options.width ?? 640;
	const features = map.areas.map((a) => ({
		type: 'Feature' as const,
		properties: { code: a.code, name: a.name, text: a.text },
		geometry: rewindForD3(a.geometry),
		fill: a.value === null ? `url(#${HATCH_ID})` : classColour(classIndex(a.value, map.breaks), map.breaks.length)
	}));
	const collection = { type: 'FeatureCollection' as const, features };
	const svg = Plot.plot({
		document: doc,
		width,
		height: Math.round(width * 0.75),
		margin: 4,
		ariaLabel: map.title,
		style: { fontFamily: 'inherit', fontSize: '10px' },
		projection: { type: 'mercator', domain: collection },
		// The fills are colours or the hatch pattern already: drawn as given, not through a scale.
		color: { type: 'identity' },
		marks: [
			Plot.geo(collection, { fill: (d: (typeof features)[number]) => d.fill, stroke: '#1b1b1b', strokeWidth: 0.7 }),
			Plot.text(
				collection.features.filter((f) => !f.fill.startsWith('url(')),
				Plot.centroid({ text: (d: (typeof features)[number]) => d.properties.text, fill: 'black', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke', fontWeight: 600 })
			)
		]
	}) as SVGSVGElement;
	svg.insertBefore(hatchDefs(doc), svg.firstChild);
	return svg;
}

type Ring = readonly (readonly [number, number])[];

/** Twice the signed area in the plane (x = longitude, y = latitude): positive when anticlockwise. */
function signedArea(ring: Ring): number {
	let sum = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
	return sum;
}

/**
 * Plot draws on the sphere (d3-geo), where a polygon's outer ring must run clockwise, or it is
 * read as the whole globe minus the area. GeoJSON (RFC 7946) asks for the opposite, and files
 * from ONS and others come either way, so every ring is turned the way d3 needs: outer rings
 * clockwise, holes anticlockwise.
 */
export function rewindForD3(geometry: AreaGeometry) {
	const polygon = (rings: readonly Ring[]) =>
		rings.map((ring, i) => {
			const clockwise = signedArea(ring) < 0;
			return clockwise === (i === 0) ? ring : [...ring].reverse();
		});
	return geometry.type === 'Polygon'
		? { type: 'Polygon' as const, coordinates: polygon(geometry.coordinates) }
		: { type: 'MultiPolygon' as const, coordinates: geometry.coordinates.map(polygon) };
}

/** Diagonal hatching for withheld areas: dark lines on white, visible in colour and greyscale. */
function hatchDefs(doc: Document): SVGDefsElement {
	const ns = 'http://www.w3.org/2000/svg';
	const defs = doc.createElementNS(ns, 'defs') as SVGDefsElement;
	const pattern = doc.createElementNS(ns, 'pattern');
	for (const [k, v] of Object.entries({ id: HATCH_ID, width: '6', height: '6', patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' })) {
		pattern.setAttribute(k, v);
	}
	const background = doc.createElementNS(ns, 'rect');
	for (const [k, v] of Object.entries({ width: '6', height: '6', fill: '#ffffff' })) background.setAttribute(k, v);
	const line = doc.createElementNS(ns, 'line');
	for (const [k, v] of Object.entries({ x1: '0', y1: '0', x2: '0', y2: '6', stroke: '#555555', 'stroke-width': '2' })) line.setAttribute(k, v);
	pattern.append(background, line);
	defs.append(pattern);
	return defs;
}
