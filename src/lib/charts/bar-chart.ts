/**
 * Horizontal bars with their value written beside each bar, for category counts (age band, sex,
 * risk, agency…). A withheld value draws no bar and says so ("c" or "–"), so a suppressed count
 * is never shown by a bar's length either.
 */
import * as Plot from '@observablehq/plot';
import { PALETTE } from './palette';

export interface Bar {
	label: string;
	/** The value drawn; null when withheld. */
	value: number | null;
	/** What is written beside the bar. */
	text: string;
}

export function barChart(bars: readonly Bar[], options: { width?: number; document?: Document; xLabel?: string; percent?: boolean } = {}) {
	const height = Math.max(80, bars.length * 28 + 40);
	const longest = Math.max(...bars.map((b) => b.label.length), 4);
	return Plot.plot({
		document: options.document,
		width: options.width ?? 560,
		height,
		marginLeft: Math.min(320, longest * 6.5 + 14),
		marginRight: 56,
		style: { fontFamily: 'inherit', fontSize: '12px' },
		// A percent axis is labelled by its ticks' % signs, so no title collides with the last tick.
		x: { grid: true, label: options.percent ? null : (options.xLabel ?? null), domain: options.percent ? [0, 100] : undefined, nice: true, tickFormat: options.percent ? (d: number) => `${d}%` : undefined },
		y: { domain: bars.map((b) => b.label), label: null },
		marks: [
			Plot.barX(bars.filter((b) => b.value !== null), { x: 'value', y: 'label', fill: PALETTE[0] }),
			Plot.text(bars, { x: (b: Bar) => b.value ?? 0, y: 'label', text: 'text', textAnchor: 'start', dx: 4, fill: 'currentColor' }),
			Plot.ruleX([0])
		]
	});
}
