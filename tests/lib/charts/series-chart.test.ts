import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { twoLines, seriesChart, type SeriesPoint } from '$lib/charts/series-chart';

const MONTHS = ['2025-10-01', '2025-11-01', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01'];
/** Children each month by risk level, as the Trends page draws them: "Low" has a withheld month. */
const POINTS: SeriesPoint[] = MONTHS.flatMap((x, i) => [
	{ x, series: 'High', value: [22, 25, 24, 28, 30, 27][i] },
	{ x, series: 'Medium', value: [40, 38, 41, 45, 44, 47][i] },
	{ x, series: 'Low', value: [12, 9, null, 11, 14, 15][i] }
]);

/** Six-monthly periods, each labelled on the axis (the Trends page's six-monthly chart). */
const PERIODS: Record<string, string> = { '2024-10-01': 'Oct 2024–Mar 2025', '2025-04-01': 'Apr–Sep 2025', '2025-10-01': 'Oct 2025–Mar 2026' };
const PERIOD_POINTS: SeriesPoint[] = Object.keys(PERIODS).flatMap((x, i) => [
	{ x, series: 'All children', value: [155, 188, 187][i] },
	{ x, series: 'New', value: [90, 107, 81][i] }
]);

const render = (points: SeriesPoint[], xLabels?: Record<string, string>) =>
	seriesChart(points, { document: new JSDOM('').window.document, width: 640, height: 280, xLabels });

/** The `d` of each line path, in series order. */
const linePaths = (svg: Element) => [...svg.querySelectorAll('g[aria-label="line"] path')].map((p) => p.getAttribute('d') ?? '');

describe('series chart', () => {
	it('matches its stored snapshot', async () => {
		await expect(render(POINTS).outerHTML).toMatchFileSnapshot('./__snapshots__/series-chart.svg');
	});

	it('matches its stored snapshot with labelled periods on the x axis', async () => {
		await expect(render(PERIOD_POINTS, PERIODS).outerHTML).toMatchFileSnapshot('./__snapshots__/series-chart-periods.svg');
	});

	it('draws one line per series, each with its own dash pattern, broken where a value is withheld', () => {
		const svg = render(POINTS);
		const paths = linePaths(svg);
		expect(paths).toHaveLength(3);
		expect(paths[0].match(/M/g)).toHaveLength(1);
		expect(paths[2].match(/M/g)).toHaveLength(2); // Low: December withheld
		const dashes = [...svg.querySelectorAll('g[aria-label="line"]')].map((g) => g.getAttribute('stroke-dasharray'));
		expect(new Set(dashes).size).toBe(3);
	});

	it('labels each line at its end, so colour is never the only cue', () => {
		const texts = [...render(POINTS).querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
		expect(texts).toEqual(['High', 'Medium', 'Low']);
	});

	it('labels six-month periods by name on the axis, each on two lines so they do not collide', () => {
		const ticks = [...render(PERIOD_POINTS, PERIODS).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) =>
			[...t.querySelectorAll('tspan')].map((line) => line.textContent)
		);
		expect(ticks).toEqual([['Oct 2024–', 'Mar 2025'], ['Apr–Sep', '2025'], ['Oct 2025–', 'Mar 2026']]);
		expect(twoLines('Apr–Sep 2024')).toBe('Apr–Sep\n2024');
		expect(twoLines('Oct 2023–Mar 2024')).toBe('Oct 2023–\nMar 2024');
		expect(twoLines('Jan–Jun 2026')).toBe('Jan–Jun\n2026');
	});
});
