/**
 * Choropleth classes and the disclosure rule for maps.
 *
 * Breaks: the map colours areas in CHOROPLETH_CLASSES steps. Two documented methods:
 * - `equal` (the default): equal intervals from 0 to the largest shown value, with the step rounded
 *   up to a "nice" number (1, 2, 2.5 or 5 × a power of ten), so the legend reads 0–20, 20–40, …
 *   and the same value always gets the same colour whatever else is on the map;
 * - `quantile`: each class holds about the same number of areas (good for skewed counts); breaks
 *   are values found in the data, so they can repeat; repeated breaks are merged.
 * Breaks are upper bounds: class k holds values v with breaks[k-1] < v ≤ breaks[k] (class 0 from
 * the minimum). Only the values that are shown feed the breaks: a suppressed area's count must not
 * move a legend boundary.
 *
 * Disclosure (DOMAIN.md "Disclosure control"): location adds identifying power, so maps use a
 * stricter threshold than tables. A count from 1 to MAP_THRESHOLD − 1 is suppressed: drawn hatched
 * and labelled "fewer than 10", and no rate is shown for it. True zeros are shown, as in tables
 * (src/lib/disclosure/suppress.ts): a zero reveals nothing about a child. In board output
 * (`board: true`) a suppressed area's count and rate are withheld entirely (value null), and
 * secondary suppression hides a further area where a hidden one could be worked out from the
 * partnership total (the same rule tables use); in the analyst view the exact count stays
 * available, flagged, for the "restricted" display.
 */
import { formatCount, formatRate, isSuppressed, suppressWithTotal } from '$lib/disclosure/suppress';

/** Number of colour classes on a choropleth (a sequential palette reads well up to about 5–7). */
export const CHOROPLETH_CLASSES = 5;

/** Counts from 1 to MAP_THRESHOLD − 1 are not shown on maps (tables use 6; maps are stricter). */
export const MAP_THRESHOLD = 10;

export type BreakMethod = 'equal' | 'quantile';

export interface Breaks {
	method: BreakMethod;
	/** Lowest shown value (the bottom of the first class). */
	min: number;
	/** Upper bound of each class, ascending; the last is the largest shown value (or more, rounded). */
	upper: number[];
	/** Legend text per class, e.g. "0 to 20", "over 20 to 40". */
	labels: string[];
}

/** The smallest "nice" number (1, 2, 2.5, 5 × 10^k) at or above `x`. */
export function niceStep(x: number): number {
	if (!(x > 0)) return 1;
	const power = 10 ** Math.floor(Math.log10(x));
	for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= x - power * 1e-9) return m * power;
	return 10 * power;
}

function label(lower: number, upper: number, first: boolean, integer: boolean): string {
	const f = (v: number) => (integer ? formatCount(v) : formatRate(v));
	return first ? `${f(lower)} to ${f(upper)}` : `over ${f(lower)} to ${f(upper)}`;
}

/**
 * Class breaks for the values shown on a map (suppressed and missing values left out by the
 * caller, or passed as null). Null when there is nothing to classify.
 */
export function choroplethBreaks(
	values: readonly (number | null)[],
	options: { method?: BreakMethod; classes?: number; integer?: boolean } = {}
): Breaks | null {
	const method = options.method ?? 'equal';
	const classes = options.classes ?? CHOROPLETH_CLASSES;
	const shown = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
	if (!shown.length) return null;
	const integer = options.integer ?? shown.every((v) => Number.isInteger(v));
	const min = shown[0];
	const max = shown[shown.length - 1];
	let upper: number[];
	let lowest: number;
	if (method === 'equal') {
		// From zero, so equal colours mean equal values across periods and measures.
		lowest = Math.min(0, min);
		let step = niceStep((max - lowest) / classes);
		if (integer) step = Math.max(1, Math.ceil(step));
		upper = Array.from({ length: classes }, (_, k) => lowest + step * (k + 1));
		// Drop classes above the largest value (a small max needs fewer classes).
		while (upper.length > 1 && upper[upper.length - 2] >= max) upper.pop();
	} else {
		lowest = min;
		upper = [];
		for (let k = 1; k <= classes; k++) {
			// Nearest-rank quantile: the value at or below which k/classes of the areas lie.
			const q = shown[Math.max(0, Math.ceil((k / classes) * shown.length) - 1)];
			if (!upper.length || q > upper[upper.length - 1]) upper.push(q);
		}
	}
	return {
		method,
		min: lowest,
		upper,
		labels: upper.map((u, k) => label(k === 0 ? lowest : upper[k - 1], u, k === 0, integer))
	};
}

/** The class (0-based) of a value, or null for a value not shown. */
export function classOf(value: number | null, breaks: Breaks): number | null {
	if (value === null || !Number.isFinite(value)) return null;
	const k = breaks.upper.findIndex((u) => value <= u);
	return k < 0 ? breaks.upper.length - 1 : k;
}

export type MapValueStatus = 'shown' | 'suppressed' | 'secondary' | 'no-data';

export interface DisclosedArea {
	/** The count as it may be shown; null when withheld (board output) — analysts keep the count. */
	count: number | null;
	/** Rate per 10,000; null when withheld, or when the area has no population. */
	rate: number | null;
	status: MapValueStatus;
	/** What the map label and the table say. */
	text: string;
}

export interface AreaValue {
	count: number;
	rate: number | null;
}

/** What the map says for a suppressed area. */
export const fewerThanText = (threshold: number) => `fewer than ${formatCount(threshold)}`;
export const SECONDARY_TEXT = 'not shown (protects a smaller area)';

/**
 * Apply the map's disclosure rule to each area's count and rate. `board: true` withholds small
 * counts entirely and adds secondary suppression against the total; otherwise (the analyst's
 * restricted view) counts stay, flagged `suppressed`, and only their rate is withheld.
 */
export function discloseMapAreas(
	areas: readonly AreaValue[],
	options: { board?: boolean; threshold?: number; value?: 'count' | 'rate' } = {}
): DisclosedArea[] {
	const threshold = options.threshold ?? MAP_THRESHOLD;
	const board = options.board ?? false;
	const secondary = board ? suppressWithTotal(areas.map((a) => a.count), threshold).cells.map((c) => c.suppressed) : [];
	return areas.map((a, i) => {
		if (isSuppressed(a.count, threshold)) {
			return { count: board ? null : a.count, rate: null, status: 'suppressed', text: fewerThanText(threshold) };
		}
		if (board && secondary[i]) return { count: null, rate: null, status: 'secondary', text: SECONDARY_TEXT };
		if (options.value === 'rate' && a.rate === null) return { count: a.count, rate: null, status: 'no-data', text: 'no population' };
		const text = options.value === 'rate' ? formatRate(a.rate!) : formatCount(a.count);
		return { count: a.count, rate: a.rate, status: 'shown', text };
	});
}
