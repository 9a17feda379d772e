/**
 * Queen contiguity: a grid whose answer is known, the two robustness steps (snapping, vertex on
 * edge), the cache, and the real Southend boundaries checked against an independent brute-force
 * comparison of every pair of areas.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	cachedQueenNeighbours, clearNeighbourCache, geometryFingerprint, islandsOf, neighboursOf, queenNeighbours, SNAP_DEGREES,
	type NeighbourList
} from '$lib/geo/contiguity';
import { syntheticGrid } from '$lib/geo/synthetic-grid';
import { parseBoundaries } from '$lib/geo/boundaries';
import { bboxOf, bboxesOverlap, polygonsOf, segmentDistanceSquared, type AreaGeometry } from '$lib/geo/geometry';

const REAL = join(process.cwd(), '..', 'shared', 'realdata', 'boundaries');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;

const list = (l: NeighbourList, i: number) => Array.from(neighboursOf(l, i));

/** Every pair (i < j) as "i-j". */
function pairsOf(l: NeighbourList): Set<string> {
	const out = new Set<string>();
	for (let i = 0; i < l.size; i++) for (const j of neighboursOf(l, i)) if (i < j) out.add(`${i}-${j}`);
	return out;
}

/**
 * The independent answer: compare every pair of areas whose boxes touch, and call them neighbours
 * when some vertex of one lies within `tolerance` of the other's boundary. Quadratic and slow, but
 * shares nothing with the hashing and grids under test.
 */
function bruteForcePairs(shapes: readonly AreaGeometry[], tolerance: number): Set<string> {
	const vertices = (g: AreaGeometry) => polygonsOf(g).flat(1).flat(1);
	const near = (a: AreaGeometry, b: AreaGeometry) =>
		vertices(a).some(([x, y]) =>
			polygonsOf(b).some((p) => p.some((ring) => ring.some((_, k) => k + 1 < ring.length &&
				segmentDistanceSquared(x, y, ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]) <= tolerance * tolerance))));
	const boxes = shapes.map(bboxOf);
	const out = new Set<string>();
	for (let i = 0; i < shapes.length; i++) {
		for (let j = i + 1; j < shapes.length; j++) {
			if (bboxesOverlap(boxes[i], boxes[j], tolerance) && (near(shapes[i], shapes[j]) || near(shapes[j], shapes[i]))) out.add(`${i}-${j}`);
		}
	}
	return out;
}

describe('queen contiguity', () => {
	it('joins edges and corners on a grid: 3 neighbours at a corner, 5 on an edge, 8 inside', () => {
		// 3 × 3, index = row * 3 + col.
		const l = queenNeighbours(syntheticGrid(3, 3));
		expect(list(l, 0)).toEqual([1, 3, 4]);
		expect(list(l, 1)).toEqual([0, 2, 3, 4, 5]);
		expect(list(l, 4)).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
		expect(list(l, 8)).toEqual([4, 5, 7]);
		expect(islandsOf(l)).toEqual([]);
	});

	it('is symmetric and never lists an area as its own neighbour', () => {
		const l = queenNeighbours(syntheticGrid(7, 5));
		for (let i = 0; i < l.size; i++) {
			expect(list(l, i)).not.toContain(i);
			for (const j of neighboursOf(l, i)) expect(list(l, j)).toContain(i);
		}
	});

	it('joins areas whose shared vertex differs only by rounding (snapped to the grid)', () => {
		const [a, b] = syntheticGrid(2, 1);
		// Move B's copies of the two corners it shares with A (its west edge) by a billionth of a degree.
		if (b.type !== 'Polygon') throw new Error('the grid is made of polygons');
		const ring = b.coordinates[0].map(([x, y]) => [x, y] as [number, number]);
		ring[0] = [ring[0][0] + 1e-9, ring[0][1]];
		ring[3] = [ring[3][0] + 1e-9, ring[3][1]];
		ring[4] = ring[0];
		const moved: AreaGeometry = { type: 'Polygon', coordinates: [ring] };
		expect(list(queenNeighbours([a, moved], { vertexOnEdge: false }), 0)).toEqual([1]);
		// With a grid finer than the difference, and no vertex-on-edge step, they no longer meet.
		expect(list(queenNeighbours([a, moved], { snap: 1e-12, vertexOnEdge: false }), 0)).toEqual([]);
	});

	it('joins an area whose only contact is a vertex in the middle of the other\'s edge (T-junction)', () => {
		const big: AreaGeometry = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]] };
		const below: AreaGeometry = { type: 'Polygon', coordinates: [[[1, 0], [0.5, -1], [1.5, -1], [1, 0]]] };
		const apart: AreaGeometry = { type: 'Polygon', coordinates: [[[5, 5], [6, 5], [6, 6], [5, 5]]] };
		const l = queenNeighbours([big, below, apart]);
		expect(list(l, 0)).toEqual([1]);
		expect(islandsOf(l)).toEqual([2]);
		expect(list(queenNeighbours([big, below, apart], { vertexOnEdge: false }), 0)).toEqual([]);
	});

	it('computes a boundary set once: the second call is served from the cache', () => {
		clearNeighbourCache();
		const shapes = syntheticGrid(10, 10);
		const first = cachedQueenNeighbours(shapes);
		const again = cachedQueenNeighbours(syntheticGrid(10, 10));
		expect(first.cached).toBe(false);
		expect(again.cached).toBe(true);
		expect(again.list).toBe(first.list);
		// Different geometry, different fingerprint, computed afresh.
		const other = cachedQueenNeighbours(syntheticGrid(10, 9));
		expect(other.cached).toBe(false);
		expect(other.fingerprint).not.toBe(first.fingerprint);
	});

	it('fingerprints geometry by its coordinates and order', () => {
		const shapes = syntheticGrid(3, 3);
		expect(geometryFingerprint(shapes)).toBe(geometryFingerprint(syntheticGrid(3, 3)));
		expect(geometryFingerprint([...shapes].reverse())).not.toBe(geometryFingerprint(shapes));
		expect(geometryFingerprint(syntheticGrid(3, 3, -2.001))).not.toBe(geometryFingerprint(shapes));
	});

	describe('real Southend boundaries (../shared/realdata/boundaries)', () => {
		const read = (name: string) => parseBoundaries(name, readFileSync(join(REAL, name), 'utf8'));

		it('wards (2013): the same neighbours as a pair-by-pair comparison, and no ward alone', () => {
			if (!HAVE_REAL) return console.warn(SKIP_NOTE);
			const wards = read('southend-wards2013.geojson');
			const shapes = wards.areas.map((a) => a.geometry);
			const l = queenNeighbours(shapes);
			expect(l.size).toBe(17);
			expect(pairsOf(l)).toEqual(bruteForcePairs(shapes, SNAP_DEGREES));
			expect(islandsOf(l)).toEqual([]);
			// Shoeburyness and West Shoebury, at the east end of the borough, touch.
			const at = (name: string) => wards.areas.findIndex((a) => a.name === name);
			expect(list(l, at('Shoeburyness'))).toContain(at('West Shoebury'));
		});

		it('LSOAs (2011): the same neighbours as a pair-by-pair comparison, and no LSOA alone', () => {
			if (!HAVE_REAL) return console.warn(SKIP_NOTE);
			// This file's neighbours do not share vertices exactly (converted coordinates differ in the
			// last digits), so this exercises the snapping and vertex-on-edge steps on real data.
			const lsoas = read('southend-lsoa2011.geojson');
			const shapes = lsoas.areas.map((a) => a.geometry);
			const l = queenNeighbours(shapes);
			expect(l.size).toBe(107);
			expect(pairsOf(l)).toEqual(bruteForcePairs(shapes, SNAP_DEGREES));
			expect(islandsOf(l)).toEqual([]);
		});
	});
});
