/**
 * Direction of travel between two periods, worded for a board paper: "up 12% on Oct 2025–Mar 2026".
 */
import { formatCount } from './suppress';

export type Direction = 'up' | 'down' | 'same' | 'unavailable';

export interface Change {
	direction: Direction;
	/** The size of the change (percent, or percentage points); null when it cannot be shown. */
	amount: number | null;
	/** Plain words, e.g. "up 12% on Oct 2025–Mar 2026 (187)". Carries the meaning on its own. */
	text: string;
	/** A short arrow for sighted readers, beside `text`, never instead of it. */
	arrow: string;
}

export interface ChangeOptions {
	/** True when either figure rests on a suppressed count: the change is then not shown. */
	hidden?: boolean;
	/** Compare as a relative change (`percent`, for counts and rates) or in percentage points (for shares). */
	unit?: 'percent' | 'points';
	/** How to print the earlier value in brackets. */
	format?: (n: number) => string;
}

const UP = '↑';
const DOWN = '↓';
const SAME = '→';

export function describeChange(current: number | null, previous: number | null, previousLabel: string, options: ChangeOptions = {}): Change {
	const { hidden = false, unit = 'percent', format = formatCount } = options;
	if (hidden) return { direction: 'unavailable', amount: null, text: `change on ${previousLabel} not shown (small numbers)`, arrow: '' };
	if (current === null || previous === null) return { direction: 'unavailable', amount: null, text: `no figure for ${previousLabel}`, arrow: '' };
	const was = unit === 'points' ? `(${previous}%)` : `(${format(previous)})`;
	let amount: number;
	let suffix: string;
	if (unit === 'points') {
		amount = current - previous;
		suffix = Math.abs(amount) === 1 ? ' point' : ' points';
	} else {
		if (previous === 0) {
			return current === 0
				? { direction: 'same', amount: 0, text: `no change on ${previousLabel} (0)`, arrow: SAME }
				: { direction: 'up', amount: null, text: `up from none in ${previousLabel}`, arrow: UP };
		}
		amount = Math.round(((current - previous) / previous) * 100);
		suffix = '%';
	}
	if (amount === 0) return { direction: 'same', amount: 0, text: `about the same as ${previousLabel} ${was}`, arrow: SAME };
	const word = amount > 0 ? 'up' : 'down';
	return {
		direction: word,
		amount,
		text: `${word} ${Math.abs(amount)}${suffix} on ${previousLabel} ${was}`,
		arrow: amount > 0 ? UP : DOWN
	};
}

