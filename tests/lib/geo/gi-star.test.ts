/**
 * Getis-Ord Gi* against values worked out by hand on small grids, plus the cases the statistic
 * does not define (islands, no variation, a neighbourhood that is every area) and ties.
 */
import { describe, expect, it } from 'vitest';
import { classifyZ, giStar, zOrNull, HOTSPOT_CLASSES } from '$lib/geo/gi-star';
import { queenNeighbours, type NeighbourList } from '$lib/geo/contiguity';
import { syntheticGrid } from '$lib/geo/synthetic-grid';

/** A 4 × 4 grid, area index = row * 4 + col, built from real square polygons. */
const GRID4 = queenNeighbours(syntheticGrid(4, 4));
const at = (row: number, col: number) => row * 4 + col;

/*
 * Hand computation, 4 × 4 grid, x = 4 in the 2 × 2 block at rows 0–1, cols 0–1, else 0.
 *   n = 16, Σx = 16, X̄ = 1, Σx² = 64, S = sqrt(64/16 − 1²) = √3.
 *   Binary weights with self: W = 4 (corner), 6 (edge), 9 (interior); Σw² = W.
 *   z = (Σ_j w x_j − X̄ W) / (S · sqrt(W (n − W) / (n − 1)))
 * (0,0) corner, neighbours (0,1) (1,0) (1,1): local = 16, num = 16 − 4 = 12,
 *       denom = √3 · sqrt(4·12/15) = √9.6, z = 12/√9.6 = √15 ≈ 3.873  → hot-99
 * (0,1) edge, neighbours (0,0) (0,2) (1,0) (1,1) (1,2): local = 16, num = 10,
 *       denom = √3 · sqrt(6·10/15) = 2√3, z = 5/√3 ≈ 2.887            → hot-99; (1,0) the same
 * (1,1) interior, all 8 around: local = 16, num = 16 − 9 = 7,
 *       denom = √3 · sqrt(9·7/15) = √12.6, z = 7/√12.6 ≈ 1.972         → hot-95
 * (0,2) edge, neighbours (0,1) (0,3) (1,1) (1,2) (1,3): local = 8, num = 2, z = 2/(2√3) = 1/√3 → none
 * (1,2) interior: local = 8 ((0,1), (1,1)), num = −1, z = −1/√12.6 ≈ −0.282 → none
 * (2,2) interior: local = 4 ((1,1)), num = −5, z = −5/√12.6 ≈ −1.409      → none
 * (3,3) corner: local = 0, num = −4, z = −4/√9.6 ≈ −1.291                 → none
 */
const BLOCK = Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) <= 1 && i % 4 <= 1 ? 4 : 0));

describe('Getis-Ord Gi*', () => {
	it('matches the hand computation on a 4 × 4 grid', () => {
		const r = giStar(BLOCK, GRID4);
		const z = (row: number, col: number) => zOrNull(r, at(row, col));
		expect(z(0, 0)).toBeCloseTo(Math.sqrt(15), 10);
		expect(z(0, 1)).toBeCloseTo(5 / Math.sqrt(3), 10);
		expect(z(1, 0)).toBeCloseTo(5 / Math.sqrt(3), 10);
		expect(z(1, 1)).toBeCloseTo(7 / Math.sqrt(12.6), 10);
		expect(z(0, 2)).toBeCloseTo(1 / Math.sqrt(3), 10);
		expect(z(1, 2)).toBeCloseTo(-1 / Math.sqrt(12.6), 10);
		expect(z(2, 2)).toBeCloseTo(-5 / Math.sqrt(12.6), 10);
		expect(z(3, 3)).toBeCloseTo(-4 / Math.sqrt(9.6), 10);
		expect(r.classes[at(0, 0)]).toBe('hot-99');
		expect(r.classes[at(0, 1)]).toBe('hot-99');
		expect(r.classes[at(1, 1)]).toBe('hot-95');
		expect(r.classes[at(0, 2)]).toBe('none');
		expect(r.classes[at(3, 3)]).toBe('none');
		expect(r.islands).toEqual([]);
		expect(r.zeroVariance).toBe(false);
	});

	it('finds cold spots where the values are reversed (x′ = 4 − x negates every z)', () => {
		const hot = giStar(BLOCK, GRID4);
		const cold = giStar(BLOCK.map((x) => 4 - x), GRID4);
		for (let i = 0; i < 16; i++) expect(cold.z[i]).toBeCloseTo(-hot.z[i], 10);
		expect(cold.classes[at(0, 0)]).toBe('cold-99');
		expect(cold.classes[at(1, 1)]).toBe('cold-95');
	});

	/*
	 * 3 × 3 grid, x = 9 in the corner (2,2), else 0: n = 9, X̄ = 1, S = sqrt(81/9 − 1) = 2√2.
	 * The centre's neighbourhood is all 9 areas (W = n), so its denominator is 0: no z.
	 * (2,2) corner: num = 9 − 4 = 5, denom = 2√2 · sqrt(4·5/8) = 2√5, z = √5/2 ≈ 1.118.
	 * (1,2) edge, touching the corner: num = 9 − 6 = 3, denom = 2√2 · sqrt(6·3/8) = 3√2, z = 1/√2.
	 * (0,1) edge, not touching it: num = −6, z = −6/(3√2) = −√2.
	 */
	it('gives no z to an area whose neighbourhood is every area (zero denominator)', () => {
		const r = giStar([0, 0, 0, 0, 0, 0, 0, 0, 9], queenNeighbours(syntheticGrid(3, 3)));
		expect(zOrNull(r, 4)).toBeNull();
		expect(r.classes[4]).toBe('none');
		expect(zOrNull(r, 8)).toBeCloseTo(Math.sqrt(5) / 2, 10);
		expect(zOrNull(r, 5)).toBeCloseTo(1 / Math.sqrt(2), 10);
		expect(zOrNull(r, 1)).toBeCloseTo(-Math.sqrt(2), 10);
	});

	it('leaves islands (no neighbour) without a z, class "none", and reports them', () => {
		// The 4 × 4 grid plus a 17th square far away.
		const shapes = [...syntheticGrid(4, 4), ...syntheticGrid(1, 1, 10, 60)];
		const r = giStar([...BLOCK, 100], queenNeighbours(shapes));
		expect(r.islands).toEqual([16]);
		expect(zOrNull(r, 16)).toBeNull();
		expect(r.classes[16]).toBe('none');
		// The island still counts in the global mean and spread, so the others' z change but exist.
		expect(zOrNull(r, 0)).not.toBeNull();
		expect(zOrNull(r, 0)).not.toBeCloseTo(Math.sqrt(15), 3);
	});

	it('computes nothing when every value is the same (zero variance), and says so', () => {
		const r = giStar(new Array(16).fill(3), GRID4);
		expect(r.zeroVariance).toBe(true);
		expect(Array.from(r.z).every(Number.isNaN)).toBe(true);
		expect(new Set(r.classes)).toEqual(new Set(['none']));
	});

	it('computes nothing for fewer than three areas', () => {
		const two: NeighbourList = { size: 2, offsets: Int32Array.from([0, 1, 2]), neighbours: Int32Array.from([1, 0]) };
		const r = giStar([1, 5], two);
		expect(r.tooFewAreas).toBe(true);
		expect(Array.from(r.z).every(Number.isNaN)).toBe(true);
	});

	it('treats tied values alike: areas placed symmetrically with equal values get equal z', () => {
		// Symmetric about the diagonal: (0,1) ≡ (1,0), (0,3) ≡ (3,0), (2,3) ≡ (3,2).
		const r = giStar(BLOCK, GRID4);
		expect(r.z[at(0, 1)]).toBe(r.z[at(1, 0)]);
		expect(r.z[at(0, 3)]).toBe(r.z[at(3, 0)]);
		expect(r.z[at(2, 3)]).toBe(r.z[at(3, 2)]);
	});

	it('refuses values that do not line up with the areas, or are not numbers', () => {
		expect(() => giStar([1, 2, 3], GRID4)).toThrow(/3 values for 16 areas/);
		expect(() => giStar([...BLOCK.slice(0, 15), Number.NaN], GRID4)).toThrow(/area 15/);
	});
});

describe('hot/cold classes', () => {
	it('puts a z exactly on a critical value in the stronger class', () => {
		expect(classifyZ(2.576)).toBe('hot-99');
		expect(classifyZ(2.5759)).toBe('hot-95');
		expect(classifyZ(1.96)).toBe('hot-95');
		expect(classifyZ(1.645)).toBe('hot-90');
		expect(classifyZ(1.6449)).toBe('none');
		expect(classifyZ(-1.645)).toBe('cold-90');
		expect(classifyZ(-1.96)).toBe('cold-95');
		expect(classifyZ(-2.576)).toBe('cold-99');
		expect(classifyZ(0)).toBe('none');
		expect(classifyZ(null)).toBe('none');
		expect(classifyZ(Number.NaN)).toBe('none');
	});

	it('lists the seven classes from hottest to coldest', () => {
		expect(HOTSPOT_CLASSES).toEqual(['hot-99', 'hot-95', 'hot-90', 'none', 'cold-90', 'cold-95', 'cold-99']);
	});
});
