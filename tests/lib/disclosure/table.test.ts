/**
 * Two-way tables with totals: suppressTable hides small counts and enough further cells that no
 * hidden value can be worked out from what is shown. The test tries: for every hidden value it
 * computes, exactly, the range of values consistent with every published cell and total.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressTable, type PublishedTotals, type SuppressedTable } from '$lib/disclosure/table';
import { attack, simplexMin } from './table-attack';

const C = { value: null, text: 'c', suppressed: true };
const shown = (value: number) => ({ value, text: String(value), suppressed: false });

/** Everything the published table must satisfy, and the attack on it. */
function checkTable(truth: number[][], published: PublishedTotals, threshold: number) {
	const out = suppressTable(truth, published, threshold);
	const label = `${JSON.stringify(truth)} ${JSON.stringify(published)} @${threshold}`;
	truth.forEach((r, i) =>
		r.forEach((v, j) => {
			const d = out.cells[i][j];
			if (v > 0 && v < threshold) expect(d, label).toEqual(C); // primary suppression
			if (v === 0) expect(d.value, label).toBe(0); // zeros are never hidden
			if (!d.suppressed) expect(d.value, label).toBe(v); // what is shown is true
		})
	);
	const totals = [
		...(out.rowTotals ?? []).map((d, i) => [d, truth[i].reduce((a, b) => a + b, 0)] as const),
		...(out.columnTotals ?? []).map((d, j) => [d, truth.reduce((a, r) => a + r[j], 0)] as const),
		...(out.grandTotal ? [[out.grandTotal, truth.flat().reduce((a, b) => a + b, 0)] as const] : [])
	];
	for (const [d, v] of totals) {
		if (v > 0 && v < threshold) expect(d, label).toEqual(C);
		if (!d.suppressed) expect(d.value, label).toBe(v);
	}
	// Under the brief's model (the reader sees only what is published, and knows a hidden value is a
	// whole number of at least 1, since zeros are shown), no hidden value may be pinned down.
	let hidden = 0;
	for (const u of attack(truth, out, threshold, 'published')) {
		// The attack is sound: the truth is always one of the possibilities it finds.
		expect(u.min, label).toBeLessThanOrEqual(u.truth);
		expect(u.max, label).toBeGreaterThanOrEqual(u.truth);
		if (!u.hidden) continue;
		hidden++;
		expect(u.min, `${label}: ${u.kind} ${u.row ?? ''},${u.column ?? ''}`).toBeLessThan(u.max);
		// A small count cannot be shown to be 0 (zeros are shown, so "c" is never 0) nor shown to be
		// 6 or more: its range still reaches down into the small counts it might be.
		if (u.truth < threshold) expect(u.min, label).toBeLessThan(threshold);
	}
	// suppressTable protects against a stronger reader too, who knows which hidden values were small
	// and which were hidden to protect them — unless it ran out of values to hide (a tiny table of
	// small counts, all hidden, can still give itself away to that reader when the threshold is 3).
	const everythingHidden = [...out.cells.flat(), ...(out.rowTotals ?? []), ...(out.columnTotals ?? []), ...(out.grandTotal ? [out.grandTotal] : [])]
		.every((d) => d.suppressed || d.value === 0);
	if (!everythingHidden) {
		for (const u of attack(truth, out, threshold, 'classes')) {
			if (u.hidden) expect(u.min, `${label}: ${u.kind} ${u.row ?? ''},${u.column ?? ''} (classes)`).toBeLessThan(u.max);
		}
	}
	return { out, hidden };
}

describe('the attacker (exact range of each hidden value)', () => {
	it('solves small linear programmes correctly', () => {
		// min x + y s.t. x + y + s = 4: 0. max x (min −x) s.t. x + y = 4: 4. Infeasible: x + y = −1.
		expect(simplexMin([[1, 1, 1]], [4], [1, 1, 0])).toBeCloseTo(0);
		expect(simplexMin([[1, 1]], [4], [-1, 0])).toBeCloseTo(-4);
		expect(simplexMin([[1, 1]], [-1], [1, 0])).toBeNull();
		expect(simplexMin([[1, -1]], [0], [-1, 0])).toBe(-Infinity);
	});

	it('agrees with brute-force enumeration on every small 2 × 2 table with its totals', () => {
		// Hide every cell (totals shown): each cell's possible values are found by trying all tables.
		for (const [a, b, c, d] of [[1, 2, 3, 4], [3, 5, 7, 1], [6, 1, 1, 9], [2, 2, 2, 2], [1, 1, 3, 8]]) {
			const truth = [[a, b], [c, d]];
			const all: SuppressedTable = {
				cells: truth.map((r) => r.map(() => C)),
				rowTotals: [shown(a + b), shown(c + d)],
				columnTotals: [shown(a + c), shown(b + d)],
				grandTotal: shown(a + b + c + d)
			};
			const ranges = attack(truth, all, 6, 'published');
			const found: number[][] = [[], [], [], []];
			for (let x = 1; x <= 20; x++)
				for (let y = 1; y <= 20; y++)
					for (let z = 1; z <= 20; z++)
						for (let w = 1; w <= 20; w++)
							if (x + y === a + b && z + w === c + d && x + z === a + c && y + w === b + d) [x, y, z, w].forEach((v, k) => found[k].push(v));
			ranges.forEach((r, k) => {
				const label = `${JSON.stringify(truth)} cell ${k}`;
				expect(found[k], label).toContain(truth[k >> 1][k & 1]);
				expect([r.min, r.max], label).toEqual([Math.min(...found[k]), Math.max(...found[k])]);
			});
		}
	});

	it('finds a hidden cell that a naive "two per line" rule would leave exposed', () => {
		// Hidden: the 2 × 2 block of 1s. Each row and column has two hidden cells, yet each block row
		// sums to 2 and a hidden cell is at least 1: all four are pinned at 1.
		const truth = [[1, 1, 9], [1, 1, 9], [8, 8, 8]];
		const naive: SuppressedTable = {
			cells: truth.map((r) => r.map((v) => (v < 6 ? C : shown(v)))),
			rowTotals: truth.map((r) => shown(r.reduce((a, b) => a + b, 0))),
			columnTotals: [0, 1, 2].map((j) => shown(truth.reduce((a, r) => a + r[j], 0))),
			grandTotal: shown(46)
		};
		const pinned = attack(truth, naive, 6, 'published').filter((u) => u.hidden && u.min === u.max);
		expect(pinned.map((u) => [u.row, u.column, u.min])).toEqual([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]);
		// suppressTable protects the same table.
		expect(checkTable(truth, { rowTotals: true, columnTotals: true, grandTotal: true }, 6).hidden).toBeGreaterThan(4);
	});
});

describe('suppressTable', () => {
	it('leaves a table with no small counts alone', () => {
		const out = suppressTable([[12, 0], [7, 30]], { rowTotals: true, columnTotals: true, grandTotal: true });
		expect(out.cells).toEqual([[shown(12), shown(0)], [shown(7), shown(30)]]);
		expect(out.rowTotals).toEqual([shown(12), shown(37)]);
		expect(out.columnTotals).toEqual([shown(19), shown(30)]);
		expect(out.grandTotal).toEqual(shown(49));
	});

	it('hides a partner in the row and in the column of a lone small cell, and a fourth to close the rectangle', () => {
		// 3 is small. Hiding only 20 (its row) leaves 20 as column total − 9; the rectangle 3, 20, 9, 30 must all go.
		const { out } = checkTable([[3, 20], [9, 30]], { rowTotals: true, columnTotals: true, grandTotal: true }, 6);
		expect(out.cells.flat().filter((d) => d.suppressed)).toHaveLength(4);
		expect(out.grandTotal).toEqual(shown(62));
	});

	it('with only row totals published, protects each row on its own (month × risk level)', () => {
		const { out } = checkTable([[30, 3, 20, 10, 0], [25, 12, 8, 9, 1]], { rowTotals: true }, 6);
		expect(out.columnTotals).toBeNull();
		expect(out.cells[0].map((d) => d.text)).toEqual(['30', 'c', '20', 'c', '0']);
		// Row 2's lone 1 takes the smallest other count in its row or column (8) with it.
		expect(out.cells[1].map((d) => d.text)).toEqual(['25', '12', 'c', '9', 'c']);
	});

	it('hides small totals too', () => {
		const { out } = checkTable([[2, 0], [0, 1]], { rowTotals: true, columnTotals: true, grandTotal: true }, 6);
		expect(out.rowTotals).toEqual([C, C]);
		expect(out.grandTotal).toEqual(C);
	});

	it('no hidden value can be recovered from the published cells and totals: random tables', { timeout: 120_000 }, () => {
		const count = fc.oneof(
			{ weight: 2, arbitrary: fc.constant(0) },
			{ weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }) },
			{ weight: 3, arbitrary: fc.integer({ min: 6, max: 40 }) }
		);
		const table = fc
			.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
			.chain(([r, c]) => fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
		const published = fc.record({ rowTotals: fc.boolean(), columnTotals: fc.boolean(), grandTotal: fc.boolean() });
		// Threshold 3 or more: with 2, "c" can only mean 1, which no suppression can hide.
		const threshold = fc.oneof({ weight: 4, arbitrary: fc.constant(6) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 10 }) });
		let hiddenSeen = 0;
		fc.assert(
			fc.property(table, published, threshold, (truth, pub, t) => {
				hiddenSeen += checkTable(truth, pub, t).hidden;
			}),
			{ numRuns: 500, seed: 20260511 }
		);
		// The property had hidden cells to attack, not just tables with nothing small.
		expect(hiddenSeen).toBeGreaterThan(500);
	});
});
