/** The trend chart's text alternative: what a sighted reader would take from the lines. */
import { monthLabel } from '$lib/measures/periods';
import { discloseCount } from '$lib/disclosure/suppress';
import type { TrendPoint } from './trend-chart';

export function describeTrend(points: readonly TrendPoint[], threshold?: number): string {
	if (points.length === 0) return 'No months to show.';
	const first = points[0];
	const last = points.at(-1)!;
	const peak = points.reduce((a, b) => (b.children > a.children ? b : a));
	const peakNew = points.reduce((a, b) => (b.newChildren > a.newChildren ? b : a));
	const n = (v: number) => discloseCount(v, threshold).text;
	return (
		`Children at risk each month went from ${n(first.children)} in ${monthLabel(first.month)} to ${n(last.children)} in ${monthLabel(last.month)}, ` +
		`peaking at ${n(peak.children)} in ${monthLabel(peak.month)}. ` +
		`New identifications were highest in ${monthLabel(peakNew.month)} (${n(peakNew.newChildren)}).`
	);
}
