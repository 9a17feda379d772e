/**
 * Direction-of-travel wording. The text must carry the meaning on its own (the arrow is extra),
 * so every case is pinned to its exact words.
 */
import { describe, expect, it } from 'vitest';
import { describeChange } from '$lib/disclosure/change';
import { formatRate } from '$lib/disclosure/suppress';

const PREV = 'Oct 2024–Mar 2025';

describe('describeChange', () => {
	it('up: a rounded percentage, with the earlier figure in brackets', () => {
		// (40 − 32) / 32 = 25%.
		expect(describeChange(40, 32, PREV)).toEqual({ direction: 'up', amount: 25, text: `up 25% on ${PREV} (32)`, arrow: '↑' });
		// (187 − 167) / 167 = 11.98% → 12%.
		expect(describeChange(187, 167, PREV).text).toBe(`up 12% on ${PREV} (167)`);
	});

	it('down: the size of the fall, without a minus sign in the words', () => {
		// (30 − 40) / 40 = −25%.
		expect(describeChange(30, 40, PREV)).toEqual({ direction: 'down', amount: -25, text: `down 25% on ${PREV} (40)`, arrow: '↓' });
	});

	it('formats the earlier figure with a thousands separator', () => {
		// (1,100 − 1,000) / 1,000 = 10%.
		expect(describeChange(1100, 1000, PREV).text).toBe(`up 10% on ${PREV} (1,000)`);
	});

	it('the same: equal, or a change that rounds to 0%', () => {
		expect(describeChange(40, 40, PREV)).toEqual({ direction: 'same', amount: 0, text: `about the same as ${PREV} (40)`, arrow: '→' });
		// (1,000 − 1,004) / 1,004 = −0.4% → 0%: "about the same", not "down 0%".
		const small = describeChange(1000, 1004, PREV);
		expect(small).toEqual({ direction: 'same', amount: 0, text: `about the same as ${PREV} (1,004)`, arrow: '→' });
		expect(Object.is(small.amount, -0)).toBe(false);
		// +0.4% → 0% too.
		expect(describeChange(1004, 1000, PREV).direction).toBe('same');
	});

	it('percentage points, for shares: singular "point" for 1', () => {
		// 30% against 25%: 5 points up. The earlier share is printed with its % sign.
		expect(describeChange(30, 25, PREV, { unit: 'points' })).toEqual({
			direction: 'up', amount: 5, text: `up 5 points on ${PREV} (25%)`, arrow: '↑'
		});
		expect(describeChange(24, 25, PREV, { unit: 'points' })).toEqual({
			direction: 'down', amount: -1, text: `down 1 point on ${PREV} (25%)`, arrow: '↓'
		});
		expect(describeChange(25, 25, PREV, { unit: 'points' }).text).toBe(`about the same as ${PREV} (25%)`);
		// From 0%: points are a difference, so a zero start is no problem.
		expect(describeChange(10, 0, PREV, { unit: 'points' }).text).toBe(`up 10 points on ${PREV} (0%)`);
	});

	it('hidden: says the change is not shown, and gives no amount or arrow', () => {
		const hidden = { direction: 'unavailable', amount: null, text: `change on ${PREV} not shown (small numbers)`, arrow: '' };
		expect(describeChange(40, 3, PREV, { hidden: true })).toEqual(hidden);
		// Hidden wins even when both figures are large, and over a missing figure.
		expect(describeChange(400, 300, PREV, { hidden: true })).toEqual(hidden);
		expect(describeChange(null, 300, PREV, { hidden: true })).toEqual(hidden);
		// The words never carry the hidden numbers.
		expect(describeChange(40, 3, PREV, { hidden: true }).text).not.toMatch(/\d+%|\(3\)/);
	});

	it('null: no figure to compare with', () => {
		const none = { direction: 'unavailable', amount: null, text: `no figure for ${PREV}`, arrow: '' };
		expect(describeChange(50, null, PREV)).toEqual(none);
		expect(describeChange(null, 50, PREV)).toEqual(none);
		expect(describeChange(null, null, PREV, { unit: 'points' })).toEqual(none);
	});

	it('previous zero: "up from none", or "no change" when both are zero', () => {
		// A percentage change from 0 is undefined; the words say what happened instead.
		expect(describeChange(12, 0, PREV)).toEqual({ direction: 'up', amount: null, text: `up from none in ${PREV}`, arrow: '↑' });
		expect(describeChange(0, 0, PREV)).toEqual({ direction: 'same', amount: 0, text: `no change on ${PREV} (0)`, arrow: '→' });
	});

	it('down to zero is a 100% fall', () => {
		expect(describeChange(0, 8, PREV)).toEqual({ direction: 'down', amount: -100, text: `down 100% on ${PREV} (8)`, arrow: '↓' });
	});

	it('prints the earlier figure with the format it is given (rates to one decimal place)', () => {
		// (50.0 − 40.0) / 40.0 = 25%.
		expect(describeChange(50, 40, PREV, { format: formatRate }).text).toBe(`up 25% on ${PREV} (40.0)`);
		expect(describeChange(12.1, 1234.5, PREV, { format: formatRate }).text).toBe(`down 99% on ${PREV} (1,234.5)`);
	});
});
