/** Choropleth breaks (equal "nice" intervals, quantiles) and the map's disclosure rule. */
import { describe, expect, it } from 'vitest';
import { choroplethBreaks, classOf, discloseMapAreas, MAP_THRESHOLD, niceStep, CHOROPLETH_CLASSES } from '$lib/geo/breaks';

describe('choropleth breaks', () => {
	it('rounds the step to 1, 2, 2.5 or 5 × a power of ten', () => {
		expect([0.7, 1, 1.3, 2.2, 3, 7, 12, 47, 180].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 20, 50, 200]);
	});

	it('equal intervals from zero to the largest value: 0–37 in five classes of 10 (step 7.4 → 10), the fifth dropped', () => {
		// max 37: 37 / 5 = 7.4 → 10; classes 0–10, 10–20, 20–30, 30–40 cover 37, so the fifth is not needed.
		const b = choroplethBreaks([0, 3, 12, 37, 25, null])!;
		expect(b.upper).toEqual([10, 20, 30, 40]);
		expect(b.labels).toEqual(['0 to 10', 'over 10 to 20', 'over 20 to 30', 'over 30 to 40']);
		expect([0, 10, 10.5, 37].map((v) => classOf(v, b))).toEqual([0, 0, 1, 3]);
		expect(classOf(null, b)).toBeNull();
	});

	it('uses CHOROPLETH_CLASSES classes when the values need them, and one decimal for rates', () => {
		const b = choroplethBreaks([1.5, 48.2, 99.9])!;
		expect(b.upper).toHaveLength(CHOROPLETH_CLASSES);
		expect(b.upper).toEqual([20, 40, 60, 80, 100]);
		expect(b.labels[0]).toBe('0.0 to 20.0');
	});

	it('quantiles put about the same number of areas in each class, merging repeated breaks', () => {
		const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
		// Nearest rank: k/5 of 10 values → the 2nd, 4th, 6th, 8th, 10th smallest.
		expect(choroplethBreaks(values, { method: 'quantile' })!.upper).toEqual([2, 4, 6, 8, 10]);
		// Mostly zeros: the breaks 0, 0, 0 collapse into one class.
		expect(choroplethBreaks([0, 0, 0, 0, 0, 0, 0, 1, 5, 9], { method: 'quantile' })!.upper).toEqual([0, 1, 9]);
	});

	it('has nothing to classify when no value is shown', () => {
		expect(choroplethBreaks([null, null])).toBeNull();
	});
});

describe('map disclosure', () => {
	const areas = [
		{ count: 0, rate: 0 },
		{ count: 4, rate: 12.5 },
		{ count: 9, rate: 30.1 },
		{ count: MAP_THRESHOLD, rate: 40 },
		{ count: 25, rate: null }
	];

	it('uses a stricter threshold than tables: 10', () => {
		expect(MAP_THRESHOLD).toBe(10);
	});

	it('analyst view: counts 1–9 flagged "fewer than 10" with no rate, the exact count kept for the restricted view; zero shown', () => {
		const shown = discloseMapAreas(areas);
		expect(shown.map((a) => a.status)).toEqual(['shown', 'suppressed', 'suppressed', 'shown', 'shown']);
		expect(shown[1]).toEqual({ count: 4, rate: null, status: 'suppressed', text: 'fewer than 10' });
		expect(shown[0]).toMatchObject({ count: 0, rate: 0, text: '0' });
		expect(shown[3]).toMatchObject({ count: 10, rate: 40 });
	});

	it('board output: no small count ever shows (value null)', () => {
		const board = discloseMapAreas(areas, { board: true });
		expect(board[1]).toEqual({ count: null, rate: null, status: 'suppressed', text: 'fewer than 10' });
		expect(board[2]).toMatchObject({ count: null, rate: null });
		for (const a of board) if (a.count !== null) expect(a.count === 0 || a.count >= MAP_THRESHOLD).toBe(true);
	});

	it('board output: a second area is hidden when one hidden area could be worked out from the total', () => {
		// 3 + 40 + 50: with the total 93 known, the one hidden cell (3) = 93 − 40 − 50. The smallest
		// visible one (40) is hidden too.
		const board = discloseMapAreas([{ count: 3, rate: null }, { count: 40, rate: null }, { count: 50, rate: null }], { board: true });
		expect(board.map((a) => a.status)).toEqual(['suppressed', 'secondary', 'shown']);
		expect(board[1].count).toBeNull();
	});

	it('says when a rate cannot be shown for want of a population', () => {
		expect(discloseMapAreas(areas, { value: 'rate' })[4]).toMatchObject({ status: 'no-data', rate: null, text: 'no population' });
		expect(discloseMapAreas(areas, { value: 'rate' })[3]).toMatchObject({ status: 'shown', text: '40.0' });
	});
});
