/**
 * Disclosure control for board-facing figures (DOMAIN.md "Disclosure control"). Pure functions
 * applied to measure output before anything is shown or exported.
 */

/**
 * Counts from 1 to THRESHOLD − 1 are suppressed. DfE suppresses 1–5, so the default is 6.
 * True zeros are shown: a zero reveals nothing about an individual child.
 */
export const DEFAULT_THRESHOLD = 6;

export interface DisclosedNumber {
	/** The number, or null when it is withheld or unavailable. */
	value: number | null;
	/** What to print: a formatted number, `c` for suppressed, `–` for unavailable. */
	text: string;
	suppressed: boolean;
}

export const SUPPRESSED_SYMBOL = 'c';
export const UNAVAILABLE_SYMBOL = '–';

const integerFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatCount = (n: number) => integerFormat.format(n);
export const formatRate = (n: number) => oneDecimal.format(n);

export function isSuppressed(count: number, threshold = DEFAULT_THRESHOLD): boolean {
	return count > 0 && count < threshold;
}

const withheld: DisclosedNumber = { value: null, text: SUPPRESSED_SYMBOL, suppressed: true };
const unavailable: DisclosedNumber = { value: null, text: UNAVAILABLE_SYMBOL, suppressed: false };

export function discloseCount(count: number, threshold = DEFAULT_THRESHOLD): DisclosedNumber {
	return isSuppressed(count, threshold) ? withheld : { value: count, text: formatCount(count), suppressed: false };
}

/** A whole-number percentage; withheld when the numerator or the denominator is suppressed. */
export function disclosePercent(numerator: number, denominator: number, threshold = DEFAULT_THRESHOLD): DisclosedNumber {
	if (isSuppressed(numerator, threshold) || isSuppressed(denominator, threshold)) return withheld;
	if (denominator === 0) return unavailable;
	const pct = Math.round((numerator / denominator) * 100);
	return { value: pct, text: `${pct}%`, suppressed: false };
}

/** A rate already computed by a measure; withheld when the count behind it is suppressed. */
export function discloseRate(count: number, rate: number | null, threshold = DEFAULT_THRESHOLD): DisclosedNumber {
	if (isSuppressed(count, threshold)) return withheld;
	if (rate === null) return unavailable;
	return { value: rate, text: formatRate(rate), suppressed: false };
}

/**
 * True when some hidden cell's value can be worked out from the total and the visible cells.
 * Each hidden cell lies in a known range: 1 to threshold−1 if it was small, threshold upwards if
 * it was hidden as a secondary cell. Knowing their sum, a cell is exposed when its feasible range
 * shrinks to a single value (one hidden cell; two hidden 1s summing to 2; and so on).
 */
function exposed(counts: readonly number[], hidden: readonly boolean[], threshold: number): boolean {
	const cells = counts.map((c, i) => ({ c, i })).filter(({ i }) => hidden[i]);
	if (cells.length === 0) return false;
	const sum = cells.reduce((a, { c }) => a + c, 0);
	const bounds = cells.map(({ c }) => (isSuppressed(c, threshold) ? [1, threshold - 1] : [threshold, sum]));
	const loSum = bounds.reduce((a, [lo]) => a + lo, 0);
	const hiSum = bounds.reduce((a, [, hi]) => a + hi, 0);
	return bounds.some(([lo, hi]) => {
		const min = Math.max(lo, sum - (hiSum - hi));
		const max = Math.min(hi, sum - (loSum - lo));
		return min === max;
	});
}

/**
 * Suppress a one-way table that is shown with its total (e.g. children by risk level). Primary
 * suppression hides counts 1 to threshold−1. While a hidden cell could still be worked out from
 * the total minus the visible cells, the smallest visible non-zero cell is hidden too; if there is
 * none left, the total is hidden.
 */
export function suppressWithTotal(
	counts: readonly number[],
	threshold = DEFAULT_THRESHOLD
): { cells: DisclosedNumber[]; total: DisclosedNumber } {
	const total = counts.reduce((a, b) => a + b, 0);
	const hidden = counts.map((c) => isSuppressed(c, threshold));
	let hideTotal = isSuppressed(total, threshold);
	while (!hideTotal && exposed(counts, hidden, threshold)) {
		const next = counts
			.map((c, i) => ({ c, i }))
			.filter(({ c, i }) => c > 0 && !hidden[i])
			.sort((a, b) => a.c - b.c)[0];
		if (next) hidden[next.i] = true;
		else hideTotal = true;
	}
	return {
		cells: counts.map((c, i) => (hidden[i] ? withheld : { value: c, text: formatCount(c), suppressed: false })),
		total: hideTotal ? withheld : { value: total, text: formatCount(total), suppressed: false }
	};
}
