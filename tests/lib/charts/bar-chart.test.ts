import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { barChart, type Bar } from '$lib/charts/bar-chart';

/** Children by age band as the Profile page draws them: one count withheld (c), one zero. */
const BARS: Bar[] = [
	{ label: '12 and under', value: null, text: 'c' },
	{ label: '13 to 15', value: 84, text: '84' },
	{ label: '16 to 17', value: 61, text: '61' },
	{ label: '18 and over', value: 0, text: '0' },
	{ label: 'Age not known', value: 12, text: '12' }
];

/** Core-risk shares as the Core risks page draws them, on a 0–100% axis. */
const PERCENT_BARS: Bar[] = [
	{ label: 'Went missing', value: 21, text: '21% (39)' },
	{ label: 'Looked after', value: 34, text: '34% (64)' },
	{ label: 'Living at home and not missing', value: 55, text: '55% (103)' },
	{ label: 'Trafficking', value: null, text: 'c' }
];

const render = (bars: Bar[], options: { percent?: boolean } = {}) => barChart(bars, { document: new JSDOM('').window.document, width: 560, ...options });

describe('bar chart', () => {
	it('matches its stored snapshot', async () => {
		await expect(render(BARS).outerHTML).toMatchFileSnapshot('./__snapshots__/bar-chart.svg');
	});

	it('matches its stored snapshot on a percent axis', async () => {
		await expect(render(PERCENT_BARS, { percent: true }).outerHTML).toMatchFileSnapshot('./__snapshots__/bar-chart-percent.svg');
	});

	it('draws no bar for a withheld value, and writes "c" beside its label instead', () => {
		const svg = render(BARS);
		// Four bars: 84, 61, 0 (a zero-width bar) and 12; none for the withheld count.
		expect(svg.querySelectorAll('g[aria-label="bar"] rect')).toHaveLength(4);
		const texts = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
		expect(texts).toEqual(['c', '84', '61', '0', '12']);
	});

	it('labels a percent axis with % signs and runs it to 100%', () => {
		const ticks = [...render(PERCENT_BARS, { percent: true }).querySelectorAll('g[aria-label="x-axis tick label"] text')].map((t) => t.textContent);
		expect(ticks[0]).toBe('0%');
		expect(ticks.at(-1)).toBe('100%');
	});
});

describe('bar chart at the narrowest panel width', () => {
	// A panel measured before layout draws at 300px; a 41-character label once left the bars -36.5px.
	const LONG: Bar[] = [
		{ label: 'Living at home and not missing from home.', value: 40, text: '40' },
		{ label: 'Looked after', value: 12, text: '12' }
	];
	const narrow = () => barChart(LONG, { document: new JSDOM('').window.document, width: 300 });

	it('never gives a bar a negative width', () => {
		const widths = [...narrow().querySelectorAll('g[aria-label="bar"] rect')].map((r) => Number(r.getAttribute('width')));
		expect(widths).toHaveLength(2);
		for (const w of widths) expect(w).toBeGreaterThan(0);
	});

	it('shortens a label that does not fit, with an ellipsis, and keeps a short one whole', () => {
		const ticks = [...narrow().querySelectorAll('g[aria-label="y-axis tick label"] text')].map((t) => t.textContent ?? '');
		expect(ticks[0]).toMatch(/^Living at home.*…$/);
		expect(ticks[0].length).toBeLessThan(41);
		expect(ticks[1]).toBe('Looked after');
	});
});
