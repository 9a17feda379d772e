/**
 * Disclosure control: small counts are never shown, zeros are, and a suppressed cell can never be
 * worked out by subtracting the cells that are shown from the total that is shown.
 */
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_THRESHOLD,
	SUPPRESSED_SYMBOL,
	UNAVAILABLE_SYMBOL,
	discloseCount,
	disclosePercent,
	discloseRate,
	formatCount,
	formatRate,
	isSuppressed,
	suppressWithTotal
} from '$lib/disclosure/suppress';

const C = { value: null, text: 'c', suppressed: true };
const shown = (value: number, text = String(value)) => ({ value, text, suppressed: false });

describe('discloseCount', () => {
	it('shows 0, hides 1 to 5 as c, shows 6 and above', () => {
		expect(DEFAULT_THRESHOLD).toBe(6);
		expect(SUPPRESSED_SYMBOL).toBe('c');
		expect(discloseCount(0)).toEqual(shown(0));
		for (const n of [1, 2, 3, 4, 5]) expect(discloseCount(n), String(n)).toEqual(C);
		expect(discloseCount(6)).toEqual(shown(6));
		expect(discloseCount(7)).toEqual(shown(7));
	});

	it('formats with a thousands separator', () => {
		expect(discloseCount(175_988)).toEqual(shown(175_988, '175,988'));
		expect(discloseCount(1000).text).toBe('1,000');
		expect(discloseCount(999).text).toBe('999');
		expect(discloseCount(1_234_567).text).toBe('1,234,567');
		expect(formatCount(12_345.6)).toBe('12,346');
	});

	it('takes a custom threshold: 10 hides 1–9', () => {
		expect(discloseCount(9, 10)).toEqual(C);
		expect(discloseCount(10, 10)).toEqual(shown(10));
		expect(discloseCount(0, 10)).toEqual(shown(0));
		// Threshold 3 (hide 1–2) shows 3, which the default would hide.
		expect(discloseCount(3, 3)).toEqual(shown(3));
		expect(discloseCount(2, 3)).toEqual(C);
		expect(isSuppressed(5)).toBe(true);
		expect(isSuppressed(5, 5)).toBe(false);
	});
});

describe('disclosePercent', () => {
	it('rounds to a whole percentage', () => {
		// 12/40 = 30%; 1/3 of 18 is 6/18 = 33.3 → 33%; 7/8 = 87.5 → 88% (half rounds up).
		expect(disclosePercent(12, 40)).toEqual(shown(30, '30%'));
		expect(disclosePercent(6, 18)).toEqual(shown(33, '33%'));
		expect(disclosePercent(7, 8)).toEqual(shown(88, '88%'));
		expect(disclosePercent(0, 40)).toEqual(shown(0, '0%'));
		expect(disclosePercent(40, 40)).toEqual(shown(100, '100%'));
	});

	it('withholds when the numerator or the denominator is suppressed', () => {
		expect(disclosePercent(3, 40)).toEqual(C); // 8% of 40 would reveal 3
		expect(disclosePercent(0, 4)).toEqual(C); // the denominator 4 is itself a small count
		expect(disclosePercent(6, 4)).toEqual(C);
		expect(disclosePercent(9, 40, 10)).toEqual(C); // custom threshold
		expect(disclosePercent(10, 40, 10)).toEqual(shown(25, '25%'));
	});

	it('is unavailable (–), not 0% or NaN%, when there is nothing to divide by', () => {
		expect(UNAVAILABLE_SYMBOL).toBe('–');
		expect(disclosePercent(0, 0)).toEqual({ value: null, text: '–', suppressed: false });
	});
});

describe('discloseRate', () => {
	it('shows a rate with one decimal place and a thousands separator', () => {
		expect(discloseRate(40, 50)).toEqual(shown(50, '50.0'));
		expect(discloseRate(6, 12.345)).toEqual(shown(12.345, '12.3'));
		expect(discloseRate(2000, 1234.56)).toEqual(shown(1234.56, '1,234.6'));
		expect(discloseRate(0, 0)).toEqual(shown(0, '0.0'));
		expect(formatRate(7)).toBe('7.0');
	});

	it('withholds the rate when the count behind it is suppressed', () => {
		// A rate of 5.0 per 10,000 on a shown population would give the count (say 3) straight back.
		expect(discloseRate(3, 5)).toEqual(C);
		expect(discloseRate(8, 5, 10)).toEqual(C);
	});

	it('is unavailable without a population', () => {
		expect(discloseRate(40, null)).toEqual({ value: null, text: '–', suppressed: false });
		// Suppression still wins over "unavailable".
		expect(discloseRate(3, null)).toEqual(C);
	});
});

describe('suppressWithTotal', () => {
	it('leaves a table with no small cells alone', () => {
		expect(suppressWithTotal([12, 0, 30])).toEqual({ cells: [shown(12), shown(0), shown(30)], total: shown(42) });
	});

	it('hides a second cell when only one is small, choosing the smallest other non-zero cell', () => {
		// [3, 0, 20, 9]: 3 is hidden; alone it would be 32 − 29. The smallest other non-zero cell (9) goes too; 0 stays.
		expect(suppressWithTotal([3, 0, 20, 9])).toEqual({ cells: [C, shown(0), shown(20), C], total: shown(32) });
	});

	it('needs no second cell when two are already small', () => {
		expect(suppressWithTotal([2, 4, 20])).toEqual({ cells: [C, C, shown(20)], total: shown(26) });
	});

	it('hides the total when it is small itself', () => {
		// [3, 0]: total 3 is small; the zero shows.
		expect(suppressWithTotal([3, 0])).toEqual({ cells: [C, shown(0)], total: C });
		expect(suppressWithTotal([0, 0, 0])).toEqual({ cells: [shown(0), shown(0), shown(0)], total: shown(0) });
	});

	it('uses the threshold it is given', () => {
		// Threshold 10: 7 and 9 are small; 25 is not; total 41.
		expect(suppressWithTotal([7, 25, 9], 10)).toEqual({ cells: [C, shown(25), C], total: shown(41) });
		expect(suppressWithTotal([7, 25, 9], 6)).toEqual({ cells: [shown(7), shown(25), shown(9)], total: shown(41) });
	});

	/** Check one table: small cells hidden, zeros and shown cells true, and no lone hidden cell under a shown total. */
	function checkTable(counts: number[], threshold: number) {
		const { cells, total } = suppressWithTotal(counts, threshold);
		const sum = counts.reduce((a, b) => a + b, 0);
		const label = `${JSON.stringify(counts)} @${threshold}`;
		expect(cells, label).toHaveLength(counts.length);
		counts.forEach((n, i) => {
			if (n > 0 && n < threshold) expect(cells[i], label).toEqual(C); // primary suppression
			if (n === 0) expect(cells[i], label).toEqual(shown(0)); // zeros are never hidden
			if (!cells[i].suppressed) expect(cells[i].value, label).toBe(n); // what is shown is true
		});
		if (!total.suppressed) expect(total.value, label).toBe(sum);
		if (sum > 0 && sum < threshold) expect(total.suppressed, label).toBe(true);
		const hidden = cells.filter((c) => c.suppressed).length;
		if (hidden > 0 && !total.suppressed) {
			// All cells sum to the shown total; the shown ones are known, so the hidden ones sum to a known
			// number. With exactly one hidden cell that number IS the cell: it must never happen.
			expect(hidden, label).not.toBe(1);
		}
		return hidden;
	}

	it('never leaves one hidden cell to be found by subtraction: every table of 3 cells from 0 to 12', () => {
		let tablesWithHiding = 0;
		for (let a = 0; a <= 12; a++)
			for (let b = 0; b <= 12; b++)
				for (let c = 0; c <= 12; c++) if (checkTable([a, b, c], DEFAULT_THRESHOLD) > 0) tablesWithHiding++;
		// The check must have had something to check: most of these 2,197 tables hide a cell.
		expect(tablesWithHiding).toBeGreaterThan(1000);
	});

	it('never leaves one hidden cell to be found by subtraction: 5,000 random tables of 1–7 cells', () => {
		// mulberry32, seeded, so a failure is reproducible.
		let seed = 20261128;
		const rand = () => {
			seed = (seed + 0x6d2b79f5) | 0;
			let t = seed;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		let lone = 0;
		for (let k = 0; k < 5000; k++) {
			const size = 1 + Math.floor(rand() * 7);
			const threshold = rand() < 0.7 ? DEFAULT_THRESHOLD : 2 + Math.floor(rand() * 10);
			// Mostly small counts, with zeros and the odd large one, so every branch is exercised.
			const counts = Array.from({ length: size }, () => {
				const r = rand();
				return r < 0.2 ? 0 : r < 0.7 ? 1 + Math.floor(rand() * threshold) : Math.floor(rand() * 200);
			});
			const primary = counts.filter((n) => isSuppressed(n, threshold)).length;
			if (primary === 1) lone++;
			checkTable(counts, threshold);
		}
		// Many tables started with exactly one small cell, so secondary suppression was really tested.
		expect(lone).toBeGreaterThan(500);
	});
});
