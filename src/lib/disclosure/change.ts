/**
 * Direction of travel between two periods, worded for a board paper: "up 12% on Oct 2025–Mar 2026".
 */
import { DEFAULT_THRESHOLD, isSuppressed, formatCount } from './suppress';

export type Direction = 'up' | 'down' | 'same' | 'unavailable';

export interface Change {
	direction: Direction;
	/** Percentage change, rounded; null when it cannot be shown. */
	percent: number | null;
	/** Plain words, e.g. "up 12% on Oct 2025–Mar 2026 (187)". */
	text: string;
	/** A short arrow for sighted readers; `text` carries the meaning for everyone. */
	arrow: string;
}

export function describeChange(
	current: number,
	previous: number,
	previousLabel: string,
	threshold = DEFAULT_THRESHOLD
): Change {
	if (isSuppressed(current, threshold) || isSuppressed(previous, threshold)) {
		return { direction: 'unavailable', percent: null, text: `change on ${previousLabel} not shown (small numbers)`, arrow: '' };
	}
	if (previous === 0) {
		return current === 0
			? { direction: 'same', percent: 0, text: `no change on ${previousLabel} (0)`, arrow: '→' }
			: { direction: 'unavailable', percent: null, text: `none in ${previousLabel}`, arrow: '' };
	}
	const percent = Math.round(((current - previous) / previous) * 100);
	const was = `(${formatCount(previous)})`;
	if (percent === 0) return { direction: 'same', percent: 0, text: `about the same as ${previousLabel} ${was}`, arrow: '→' };
	return percent > 0
		? { direction: 'up', percent, text: `up ${percent}% on ${previousLabel} ${was}`, arrow: '↑' }
		: { direction: 'down', percent, text: `down ${-percent}% on ${previousLabel} ${was}`, arrow: '↓' };
}
