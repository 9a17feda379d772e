/**
 * A category count (children by age band, by sex, by risk…) as the analyst pages show it: the
 * bars to draw, the table columns and a one-sentence summary, all from the same disclosed values.
 */
import type { Column } from '$lib/components/DataTable.svelte';
import type { Bar } from '$lib/charts/bar-chart';
import { count, percent, type NumberPolicy } from './analyst-numbers';
import { DEFAULT_THRESHOLD, suppressWithTotal, type DisclosedNumber } from '$lib/disclosure/suppress';

export interface Category {
	label: string;
	children: number;
}

/**
 * The disclosed value of each category count. When the categories add up to the total shown
 * beside them (`of`), a lone hidden cell could be worked out by subtraction, so they are
 * suppressed together (secondary suppression); otherwise each count on its own.
 */
export function discloseCategories(counts: readonly number[], of: number, policy: NumberPolicy): DisclosedNumber[] {
	const partition = counts.reduce((a, n) => a + n, 0) === of;
	return partition && !policy.analyst
		? suppressWithTotal(counts, policy.threshold ?? DEFAULT_THRESHOLD).cells
		: counts.map((n) => count(n, policy));
}

export function categoryView(rows: readonly Category[], of: number, policy: NumberPolicy, what = 'children') {
	const disclosed = discloseCategories(rows.map((r) => r.children), of, policy);
	const shown = new Map(rows.map((r, i) => [r, disclosed[i]]));
	const cell = (r: Category) => shown.get(r) ?? count(r.children, policy);
	const bars: Bar[] = rows.map((r) => ({ label: r.label, value: cell(r).value, text: cell(r).text }));
	const columns: Column<Category>[] = [
		{ key: 'label', label: 'Category', text: (r) => r.label },
		{ key: 'children', label: 'Children', text: (r) => cell(r).text, sortValue: (r) => r.children, numeric: true },
		{ key: 'share', label: 'Share', text: (r) => (cell(r).suppressed ? 'c' : percent(r.children, of, policy).text), sortValue: (r) => r.children, numeric: true }
	];
	const top = [...rows].sort((a, b) => b.children - a.children)[0];
	const summary =
		!top || top.children === 0
			? `No ${what} in this period.`
			: `The largest group is “${top.label}”: ${cell(top).text} ${what} (${cell(top).suppressed ? 'c' : percent(top.children, of, policy).text} of ${count(of, policy).text}).`;
	return { bars, columns, summary };
}
