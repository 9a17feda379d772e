/** TopoJSON arcs decoded into GeoJSON polygons: quantized deltas, reversed arcs, shared arcs. */
import { describe, expect, it } from 'vitest';
import { topologyFeatures, type Topology } from '$lib/geo/topojson';

/*
 * Two unit squares side by side, A = [0,1]×[0,1] and B = [1,2]×[0,1], sharing the arc x = 1.
 * Quantized with scale 0.5 and translate (10, 50): the integer point (i, j) means (10 + i/2, 50 + j/2).
 *   arc 0: the shared edge, (1,0) → (1,1)         = points (2,0) → (2,2)        = deltas [2,0],[0,2]
 *   arc 1: A's other sides, (1,1) → (0,1) → (0,0) → (1,0) = (2,2),(0,2),(0,0),(2,0) = deltas [2,2],[-2,0],[0,-2],[2,0]
 *   arc 2: B's other sides, (1,0) → (2,0) → (2,1) → (1,1) = (2,0),(4,0),(4,2),(2,2) = deltas [2,0],[2,0],[0,2],[-2,0]
 * A's ring = arc 0 then arc 1; B's ring = arc 2 then arc 0 reversed (~0 = −1).
 */
const TOPOLOGY: Topology = {
	type: 'Topology',
	transform: { scale: [0.5, 0.5], translate: [10, 50] },
	arcs: [
		[[2, 0], [0, 2]],
		[[2, 2], [-2, 0], [0, -2], [2, 0]],
		[[2, 0], [2, 0], [0, 2], [-2, 0]]
	],
	objects: {
		areas: {
			type: 'GeometryCollection',
			geometries: [
				{ type: 'Polygon', arcs: [[0, 1]], properties: { code: 'A' } },
				{ type: 'MultiPolygon', arcs: [[[2, -1]]], id: 'B' }
			]
		}
	}
};

describe('TopoJSON', () => {
	it('decodes quantized arcs into closed rings, joining arcs without repeating their shared point', () => {
		const [a, b] = topologyFeatures(TOPOLOGY);
		expect(a.properties).toEqual({ code: 'A' });
		expect(a.geometry).toEqual({ type: 'Polygon', coordinates: [[[11, 50], [11, 51], [10, 51], [10, 50], [11, 50]]] });
		// A member's id becomes an "id" property.
		expect(b.properties).toEqual({ id: 'B' });
		expect(b.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[[[11, 50], [12, 50], [12, 51], [11, 51], [11, 50]]]] });
	});

	it('reads an unquantized topology as absolute coordinates', () => {
		const plain: Topology = { type: 'Topology', arcs: [[[0, 0], [1, 0], [1, 1], [0, 0]]], objects: { t: { type: 'Polygon', arcs: [[0]] } } };
		expect(topologyFeatures(plain)[0].geometry).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
	});

	it('says which object or arc is missing', () => {
		expect(() => topologyFeatures(TOPOLOGY, 'wards')).toThrow(/no object called "wards"/);
		const broken: Topology = { ...TOPOLOGY, objects: { x: { type: 'Polygon', arcs: [[7]] } } };
		expect(() => topologyFeatures(broken)).toThrow(/arc 7 does not exist/);
	});
});
