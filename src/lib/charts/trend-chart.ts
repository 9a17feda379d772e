/**
 * The monthly trend chart: children at risk each month and new identifications, with the
 * reporting period shaded. Built with Observable Plot as a pure function of its data so it can
 * be rendered in Node (with a `document` from jsdom) and compared with a stored snapshot.
 *
 * Colour never carries meaning alone: the two series differ in dash pattern too, and each line
 * is labelled at its end.
 */
import * as Plot from '@observablehq/plot';
import type { Period } from '$lib/measures/periods';
import { isSuppressed, DEFAULT_THRESHOLD } from '$lib/disclosure/suppress';

export interface TrendPoint {
	month: string;
	children: number;
	newChildren: number;
}

export interface TrendChartOptions {
	period: Period;
	width?: number;
	height?: number;
	threshold?: number;
	document?: Document;
}

export const SERIES = [
	{ key: 'children', label: 'Children at risk', stroke: '#1d4f91', dash: null },
	{ key: 'newChildren', label: 'Newly identified', stroke: '#b3541e', dash: '5,3' }
] as const;

/** Dates at UTC midnight: Plot's time scale is UTC, so a month never drifts into its neighbour. */
const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);

export function trendChart(points: readonly TrendPoint[], options: TrendChartOptions): SVGSVGElement | HTMLElement {
	const threshold = options.threshold ?? DEFAULT_THRESHOLD;
	// Small counts are left out of the line (a gap), as they are shown as "c" in the table.
	const long = SERIES.flatMap((s) =>
		points.map((p) => ({
			series: s.label,
			month: utc(p.month),
			value: isSuppressed(p[s.key], threshold) ? NaN : p[s.key]
		}))
	);
	const last = points.at(-1);
	const end = new Date(utc(options.period.end).getTime() + 86_400_000);
	return Plot.plot({
		document: options.document,
		width: options.width ?? 720,
		height: options.height ?? 300,
		marginRight: 120,
		ariaLabel: 'Line chart of children at risk and newly identified children each month',
		style: { fontFamily: 'inherit', fontSize: '12px', overflow: 'visible' },
		x: { type: 'utc', label: null },
		y: { grid: true, label: 'Children', nice: true, zero: true },
		marks: [
			Plot.rectX([options.period], {
				x1: () => utc(options.period.start),
				x2: () => end,
				fill: '#e8eef6',
				// Mark-level ariaLabel is a channel in Plot (a constant string would name a missing field);
				// ariaDescription is the constant one.
				ariaDescription: `Reporting period ${options.period.label}`
			}),
			Plot.text([options.period], {
				x: () => utc(options.period.start),
				frameAnchor: 'top',
				text: () => options.period.label,
				textAnchor: 'start',
				dx: 4,
				dy: 4,
				fill: '#1d4f91'
			}),
			Plot.ruleY([0]),
			...SERIES.map((s) =>
				Plot.lineY(long.filter((d) => d.series === s.label), {
					x: 'month',
					y: 'value',
					stroke: s.stroke,
					strokeWidth: 2.5,
					strokeDasharray: s.dash ?? undefined,
					ariaDescription: s.label
				})
			),
			...(last
				? SERIES.map((s) =>
						Plot.text([last], {
							x: () => utc(last.month),
							y: () => (isSuppressed(last[s.key], threshold) ? null : last[s.key]),
							text: () => s.label,
							textAnchor: 'start',
							dx: 8,
							fill: s.stroke,
							fontWeight: 600
						})
					)
				: [])
		]
	});
}
