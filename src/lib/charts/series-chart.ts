/**
 * Lines over months (or periods) for several series, each labelled at its end and drawn with its
 * own dash pattern, so the series can be told apart without colour.
 */
import * as Plot from '@observablehq/plot';
import { DASHES, PALETTE } from './palette';

export interface SeriesPoint {
	/** ISO date of the month or period start. */
	x: string;
	series: string;
	/** Null where withheld: the line breaks there. */
	value: number | null;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

export interface SeriesChartOptions {
	width?: number;
	height?: number;
	document?: Document;
	yLabel?: string;
	/** Label each x value shown (e.g. six-month periods), instead of a time axis's own ticks. */
	xLabels?: Record<string, string>;
}

export function seriesChart(points: readonly SeriesPoint[], options: SeriesChartOptions = {}) {
	const names = [...new Set(points.map((p) => p.series))];
	const width = options.width ?? 640;
	// Room for the longest label at a line's end, but never more than 40% of the width, so the
	// lines keep room on a narrow panel (the label may then run past the edge: overflow is visible).
	const marginRight = Math.min(240, Math.floor(width * 0.4), Math.max(60, ...names.map((n) => n.length * 6.6 + 16)));
	const labels = options.xLabels;
	const marks = names.flatMap((name, i) => {
		const mine = points.filter((p) => p.series === name).map((p) => ({ x: utc(p.x), value: p.value ?? NaN }));
		const last = [...mine].reverse().find((p) => !Number.isNaN(p.value));
		return [
			Plot.lineY(mine, { x: 'x', y: 'value', stroke: PALETTE[i % PALETTE.length], strokeWidth: 2.2, strokeDasharray: DASHES[i % DASHES.length] ?? undefined }),
			...(last ? [Plot.text([last], { x: 'x', y: 'value', text: () => name, textAnchor: 'start', dx: 6, fill: PALETTE[i % PALETTE.length], fontWeight: 600 })] : [])
		];
	});
	return Plot.plot({
		document: options.document,
		width,
		height: options.height ?? 280,
		marginRight,
		// Room for period labels on two lines (twoLines).
		marginBottom: labels ? 44 : undefined,
		style: { fontFamily: 'inherit', fontSize: '12px', overflow: 'visible' },
		x: labels
			? { type: 'utc', label: null, ticks: Object.keys(labels).map(utc), tickFormat: (d: Date) => twoLines(labels[d.toISOString().slice(0, 10)] ?? '') }
			: { type: 'utc', label: null },
		y: { grid: true, label: options.yLabel ?? 'Children', zero: true, nice: true },
		marks: [Plot.ruleY([0]), ...marks]
	});
}

/**
 * A period label on two lines, so six of them fit under a half-width chart without running into
 * each other: "Apr–Sep 2024" becomes "Apr–Sep" over "2024", and "Oct 2023–Mar 2024" becomes
 * "Oct 2023–" over "Mar 2024".
 */
export function twoLines(label: string): string {
	if (/\d{4}–/.test(label)) return label.replace(/(\d{4}–)/, '$1\n');
	return label.replace(/ (\d{4})$/, '\n$1');
}
