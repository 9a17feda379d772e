/**
 * How the analyst pages print numbers: suppressed as on board pages, unless analyst mode is on,
 * when exact counts are shown (under the "Restricted" banner).
 */
import { DEFAULT_THRESHOLD, discloseCount, disclosePercent, formatCount, type DisclosedNumber } from '$lib/disclosure/suppress';
import { suppressTable, type PublishedTotals } from '$lib/disclosure/table';

export interface NumberPolicy {
	analyst: boolean;
	threshold?: number;
}

export function count(n: number, policy: NumberPolicy): DisclosedNumber {
	return policy.analyst ? { value: n, text: formatCount(n), suppressed: false } : discloseCount(n, policy.threshold ?? DEFAULT_THRESHOLD);
}

export function percent(n: number, of: number, policy: NumberPolicy): DisclosedNumber {
	if (policy.analyst) {
		if (of === 0) return { value: null, text: '–', suppressed: false };
		const pct = Math.round((n / of) * 100);
		return { value: pct, text: `${pct}%`, suppressed: false };
	}
	return disclosePercent(n, of, policy.threshold ?? DEFAULT_THRESHOLD);
}

/**
 * A two-way table of counts (e.g. month × risk level) shown with the totals in `published`
 * (here or elsewhere on the page): secondary suppression across rows and columns unless analyst
 * mode is on.
 */
export function table(cells: readonly (readonly number[])[], published: PublishedTotals, policy: NumberPolicy): DisclosedNumber[][] {
	if (policy.analyst) return cells.map((r) => r.map((n) => count(n, policy)));
	return suppressTable(cells, published, policy.threshold ?? DEFAULT_THRESHOLD).cells;
}
