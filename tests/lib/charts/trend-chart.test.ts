import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { trendChart, type TrendPoint } from '$lib/charts/trend-chart';
import { describeTrend } from '$lib/charts/trend-summary';
import { periodContaining } from '$lib/measures/periods';

const POINTS: TrendPoint[] = [
	{ month: '2025-10-01', children: 40, newChildren: 12 },
	{ month: '2025-11-01', children: 44, newChildren: 9 },
	{ month: '2025-12-01', children: 39, newChildren: 3 },
	{ month: '2026-01-01', children: 47, newChildren: 14 },
	{ month: '2026-02-01', children: 52, newChildren: 11 },
	{ month: '2026-03-01', children: 58, newChildren: 16 }
];

function render(points = POINTS) {
	const { window } = new JSDOM('');
	return trendChart(points, { period: periodContaining('2025-10-01'), document: window.document, width: 640, height: 280 });
}

/** The `d` of each line path, in mark order: [children, newly identified]. */
function linePaths(svg: Element): string[] {
	return [...svg.querySelectorAll('g[aria-label="line"] path')].map((p) => p.getAttribute('d') ?? '');
}

describe('trend chart', () => {
	it('matches its stored snapshot', async () => {
		await expect(render().outerHTML).toMatchFileSnapshot('./__snapshots__/trend-chart.svg');
	});

	it('draws both series, and leaves a gap where a month is suppressed', () => {
		const paths = linePaths(render());
		expect(paths).toHaveLength(2);
		// Children: six months, one unbroken line (one M command).
		expect(paths[0].match(/M/g)).toHaveLength(1);
		// Newly identified: December's 3 is hidden, so the line breaks into two pieces.
		expect(paths[1].match(/M/g)).toHaveLength(2);
	});

	it('labels each line at its end, so colour is never the only cue', () => {
		const texts = [...render().querySelectorAll('text')].map((t) => t.textContent);
		expect(texts).toEqual(expect.arrayContaining(['Children at risk', 'Newly identified', 'Oct 2025–Mar 2026']));
	});

	it('says in words what the chart shows, without revealing small counts', () => {
		expect(describeTrend(POINTS)).toBe(
			'Children at risk each month went from 40 in Oct 2025 to 58 in Mar 2026, peaking at 58 in Mar 2026. ' +
				'New identifications were highest in Mar 2026 (16).'
		);
		expect(describeTrend([{ month: '2026-01-01', children: 4, newChildren: 2 }])).toContain('from c in Jan 2026');
	});
});
