import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { choroplethSvg, classColour, classIndex, rewindForD3, CHOROPLETH_COLOURS, HATCH_ID } from '$lib/charts/choropleth';
import type { ReportMap } from '$lib/report/content';

/** Four unit squares in a row; the second is withheld. */
const square = (x: number) => ({
	type: 'Polygon' as const,
	coordinates: [[[x * 0.01, 0], [x * 0.01 + 0.01, 0], [x * 0.01 + 0.01, 0.01], [x * 0.01, 0.01], [x * 0.01, 0]]] as [number, number][][]
});
const MAP: ReportMap = {
	title: 'Children identified at risk by home ward, Apr–Sep 2026',
	summary: '',
	levelLabel: 'ward',
	unit: 'children',
	threshold: 10,
	breaks: [20, 40],
	areas: [
		{ code: 'X1', name: 'One', text: '12', value: 12, status: 'shown', geometry: square(0) },
		{ code: 'X2', name: 'Two', text: 'fewer than 10', value: null, status: 'suppressed', geometry: square(1) },
		{ code: 'X3', name: 'Three', text: '35', value: 35, status: 'shown', geometry: square(2) },
		{ code: 'X4', name: 'Four', text: '40', value: 40, status: 'shown', geometry: square(3) }
	],
	attribution: ''
};

const render = () => choroplethSvg(MAP, { document: new JSDOM('').window.document, width: 400 });

describe('report choropleth', () => {
	it('matches its stored snapshot', async () => {
		await expect(render().outerHTML).toMatchFileSnapshot('./__snapshots__/choropleth.svg');
	});

	it('fills each area by its class and hatches the withheld one, with no value written on it', () => {
		const svg = render();
		const fills = [...svg.querySelectorAll('g[aria-label="geo"] path')].map((p) => p.getAttribute('fill'));
		expect(fills).toEqual([classColour(0, 2), `url(#${HATCH_ID})`, classColour(1, 2), classColour(1, 2)]);
		expect(svg.querySelector(`pattern#${HATCH_ID}`)).not.toBeNull();
		const labels = [...svg.querySelectorAll('g[aria-label="text"] text')].map((t) => t.textContent);
		expect(labels).toEqual(['12', '35', '40']);
	});

	it('spreads fewer classes over the whole ramp, light to dark', () => {
		expect(classColour(0, 2)).toBe(CHOROPLETH_COLOURS[0]);
		expect(classColour(1, 2)).toBe(CHOROPLETH_COLOURS[4]);
		expect(classIndex(20, [20, 40])).toBe(0);
		expect(classIndex(21, [20, 40])).toBe(1);
		expect(classIndex(99, [20, 40])).toBe(1);
	});

	it('draws each area as itself whichever way its rings run (d3 needs outer rings clockwise)', () => {
		const ccw = square(0);
		const cw = { type: 'Polygon' as const, coordinates: [[...ccw.coordinates[0]].reverse()] };
		expect(rewindForD3(ccw)).toEqual(rewindForD3(cw));
		expect(rewindForD3(cw)).toEqual(cw);
		// Drawn, every area is a small square, not the whole globe minus the square.
		for (const p of render().querySelectorAll('g[aria-label="geo"] path')) expect(p.getAttribute('d')!.match(/M/g)).toHaveLength(1);
	});
});
