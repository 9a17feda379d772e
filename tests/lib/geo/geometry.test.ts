/** The planar helpers: inside tests with holes, a point that is always inside, self-crossing rings. */
import { describe, expect, it } from 'vitest';
import { pointInGeometry, pointOnSurface, ringSelfIntersection, geometryArea, type AreaGeometry, type Ring } from '$lib/geo/geometry';

const square = (x0: number, y0: number, size: number): Ring => [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];

describe('geometry', () => {
	it('knows a point in a hole is outside the polygon', () => {
		const donut: AreaGeometry = { type: 'Polygon', coordinates: [square(0, 0, 10), square(4, 4, 2)] };
		expect(pointInGeometry(1, 1, donut)).toBe(true);
		expect(pointInGeometry(5, 5, donut)).toBe(false);
		expect(pointInGeometry(11, 5, donut)).toBe(false);
		expect(geometryArea(donut)).toBe(100 - 4);
	});

	it('finds a point inside a C-shaped area, whose centroid lies outside it', () => {
		// A "C": the 3×3 square minus its middle-right cell; the centroid (≈1.4, 1.5) is in the gap's row.
		const c: AreaGeometry = { type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3], [0, 0]]] };
		const [x, y] = pointOnSurface(c);
		expect(pointInGeometry(x, y, c)).toBe(true);
	});

	it('uses the largest part of a multipolygon', () => {
		const two: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(10, 10, 5)]] };
		const [x, y] = pointOnSurface(two);
		expect(x).toBeGreaterThan(10);
		expect(y).toBeGreaterThan(10);
	});

	it('finds a ring that crosses itself (a bow tie) and where', () => {
		const bowTie: Ring = [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]];
		expect(ringSelfIntersection(bowTie)).toEqual([1, 1]);
	});

	it('accepts simple rings and rings pinched at a single vertex', () => {
		expect(ringSelfIntersection(square(0, 0, 1))).toBeNull();
		// Two triangles meeting at (1,1), traced as one ring: touches, does not cross.
		const pinched: Ring = [[0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2], [0, 0]];
		expect(ringSelfIntersection(pinched)).toBeNull();
	});

	it('finds a ring that doubles back along itself (collinear overlap)', () => {
		const spike: Ring = [[0, 0], [4, 0], [4, 1], [2, 1], [2, 0.0], [3, 0], [3, -1], [0, -1], [0, 0]];
		expect(ringSelfIntersection(spike)).not.toBeNull();
	});
});
