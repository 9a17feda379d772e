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

/** Roughly how wide one character of a 12px label is, to size the label margin. */
const CHAR_PX = 6.5;
const MARGIN_RIGHT = 56;
/**
 * The labels may take at most this share of the width, so a long label on a narrow screen (or a
 * panel drawn before layout, at the 300px minimum) shortens the label instead of leaving the
 * bars a negative width.
 */
const MAX_LABEL_SHARE = 0.45;

export function barChart(bars: readonly Bar[], options: { width?: number; document?: Document; xLabel?: string; percent?: boolean } = {}) {
	const width = options.width ?? 560;
	const height = Math.max(80, bars.length * 28 + 40);
	const longest = Math.max(...bars.map((b) => b.label.length), 4);
	const marginLeft = Math.min(320, longest * CHAR_PX + 14, Math.floor(width * MAX_LABEL_SHARE));
	const fits = Math.max(4, Math.floor((marginLeft - 14) / CHAR_PX));
	// The full label stays in the chart's table and its title element; only the axis text shortens.
	const shorten = (label: string) => (label.length <= fits ? label : `${label.slice(0, fits - 1)}…`);
	return Plot.plot({
		document: options.document,
		width,
		height,
		marginLeft,
		marginRight: MARGIN_RIGHT,
		style: { fontFamily: 'inherit', fontSize: '12px' },
		// A percent axis is labelled by its ticks' % signs, so no title collides with the last tick.
		x: { grid: true, label: options.percent ? null : (options.xLabel ?? null), domain: options.percent ? [0, 100] : undefined, nice: true, tickFormat: options.percent ? (d: number) => `${d}%` : undefined },
		y: { domain: bars.map((b) => b.label), label: null, tickFormat: shorten },
		marks: [
			Plot.barX(bars.filter((b) => b.value !== null), { x: 'value', y: 'label', fill: PALETTE[0] }),
			Plot.text(bars, { x: (b: Bar) => b.value ?? 0, y: 'label', text: 'text', textAnchor: 'start', dx: 4, fill: 'currentColor' }),
			Plot.ruleX([0])
		]
	});
}
