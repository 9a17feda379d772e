import { describe, expect, it } from 'vitest';
import {
	boundaryAttribution, classColour, compareWithPartnership, hotspotLegend, legendEntries, mapFeatures, mapView, nameList, ordinal,
	tooltipText, UNCLASSED_FILL, type MapAreaInput
} from '$lib/views/map-view';
import { hatchPixels, HATCH_SIZE } from '$lib/views/hatch';
import type { AreaGeometry } from '$lib/geo/geometry';

const square = (x: number): AreaGeometry => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });

function area(code: string, count: number, population: number | null = 2000, hotspot: MapAreaInput['hotspot'] = 'none'): MapAreaInput {
	return { code, name: `Area ${code}`, count, population, rate: population ? Math.round((count / population) * 100_000) / 10 : null, giZ: hotspot === 'none' ? 0.2 : 2.7, hotspot };
}

// Counts chosen so the board rule hides B (4) and nothing more: the rest are 0 or ≥ 10, and two
// further hidden-or-zero cells keep B's value from being worked out from the total.
const AREAS = [area('A', 40), area('B', 4), area('C', 0), area('D', 25, null), area('E', 12, 2000, 'hot-99'), area('F', 7)];

describe('mapView', () => {
	it('hides counts from 1 to 9 on the picture and in the text, and words them', () => {
		const v = mapView(AREAS, { value: 'count', analyst: false });
		const b = v.rows.find((r) => r.code === 'B')!;
		expect(b.status).toBe('suppressed');
		expect(b.countText).toBe('fewer than 10');
		expect(b.rateText).toBe('–');
		expect(b.cls).toBeNull();
		expect(b.countSort).toBeNull();
		expect(b.restricted).toBe(false);
		expect(v.suppressed).toBe(2); // B and F
	});

	it('in analyst mode gives the exact count, flagged restricted, but the picture stays the same', () => {
		const board = mapView(AREAS, { value: 'count', analyst: false });
		const analyst = mapView(AREAS, { value: 'count', analyst: true });
		const b = analyst.rows.find((r) => r.code === 'B')!;
		expect(b.countText).toBe('4 (fewer than 10)');
		expect(b.restricted).toBe(true);
		expect(b.countSort).toBe(4);
		expect(analyst.rows.map((r) => [r.status, r.cls])).toEqual(board.rows.map((r) => [r.status, r.cls]));
		expect(analyst.breaks).toEqual(board.breaks);
	});

	it('classes only the values shown, so a hidden count cannot move a break', () => {
		const v = mapView(AREAS, { value: 'count', analyst: false });
		expect(v.breaks!.upper.at(-1)).toBeGreaterThanOrEqual(40);
		const withBigger = mapView(AREAS.map((a) => (a.code === 'B' ? { ...a, count: 9 } : a)), { value: 'count', analyst: false });
		expect(withBigger.breaks).toEqual(v.breaks);
		expect(v.rows.find((r) => r.code === 'A')!.cls).toBe(v.breaks!.upper.length - 1);
		expect(v.rows.find((r) => r.code === 'C')!.cls).toBe(0);
	});

	it('maps rates, and says where there is no population', () => {
		const v = mapView(AREAS, { value: 'rate', analyst: false });
		const d = v.rows.find((r) => r.code === 'D')!;
		expect(d.status).toBe('no-data');
		expect(d.cls).toBeNull();
		expect(d.rateText).toBe('no population');
		expect(v.noPopulation).toBe(1);
		expect(v.rows.find((r) => r.code === 'A')!.valueText).toBe('200.0');
	});

	it('withholds a second area when the total would give a hidden one away (board rule)', () => {
		// One hidden cell and a published total: the smallest other count is hidden too.
		const v = mapView([area('A', 40), area('B', 3), area('C', 25)], { value: 'count', analyst: false });
		expect(v.rows.map((r) => r.status)).toEqual(['shown', 'suppressed', 'secondary']);
		expect(v.rows[2].countText).toBe('not shown (protects a smaller area)');
		expect(v.secondary).toBe(1);
	});
});

describe('legend and styles', () => {
	it('lists each class with its numbers, then the hatch in words', () => {
		const v = mapView(AREAS, { value: 'count', analyst: false });
		const entries = legendEntries(v);
		expect(entries.filter((e) => e.kind === 'colour').map((e) => e.label)).toEqual(v.breaks!.labels);
		expect(entries.at(-1)).toEqual({ kind: 'hatch', colour: UNCLASSED_FILL, label: 'fewer than 10' });
	});

	it('spreads fewer classes over the whole ramp, light to dark', () => {
		expect(classColour(0, 3)).toBe(classColour(0, 5));
		expect(classColour(2, 3)).toBe(classColour(4, 5));
		expect(new Set([0, 1, 2].map((k) => classColour(k, 3))).size).toBe(3);
	});

	it('tells hot from cold and the confidence levels apart without colour: dash and width, and words', () => {
		const legend = hotspotLegend();
		expect(legend).toHaveLength(6);
		for (const h of legend) expect(h.dash === null).toBe(h.cls.startsWith('hot'));
		const width = (cls: string) => legend.find((h) => h.cls === cls)!.width;
		expect(width('hot-90')).toBeLessThan(width('hot-95'));
		expect(width('hot-95')).toBeLessThan(width('hot-99'));
		expect(width('cold-99')).toBe(width('hot-99'));
		expect(legend.find((h) => h.cls === 'cold-95')!.label).toBe('Cold spot, 95% confidence (dashed outline)');
	});
});

describe('tooltip and panel text', () => {
	const v = mapView(AREAS, { value: 'count', analyst: false });
	const row = (code: string, view = v) => view.rows.find((r) => r.code === code)!;

	it('names the area and its value as it may be shown', () => {
		expect(tooltipText(row('A'), 'count', 'children')).toBe('Area A: 40 children');
		expect(tooltipText(row('B'), 'count', 'children')).toBe('Area B: fewer than 10 children');
		expect(tooltipText(row('E'), 'count', 'children')).toBe('Area E: 12 children. Hot spot, 99% confidence');
	});

	it('gives the rate with the count, and never a rate for a hidden count', () => {
		const r = mapView(AREAS, { value: 'rate', analyst: false });
		expect(tooltipText(row('A', r), 'rate', 'children')).toBe('Area A: 200.0 per 10,000 children (40 children)');
		expect(tooltipText(row('B', r), 'rate', 'children')).toBe('Area B: fewer than 10 children');
		expect(tooltipText(row('D', r), 'rate', 'children')).toBe('Area D: 25 children, no rate (no population loaded)');
	});

	it('compares an area with the whole partnership, and says nothing that would reveal a hidden count', () => {
		const a = compareWithPartnership('A', AREAS, v, { unit: 'children', levelNoun: 'wards', analyst: false });
		expect(a.partnershipCount).toBe(88);
		// Rate over the areas with a population: (40 + 4 + 0 + 12 + 7) / 10,000 children.
		expect(a.partnershipRate).toBe(63);
		expect(a.lines).toEqual([
			"40 of the partnership's 88 children (45.5%) across 6 wards.",
			"Rate 200.0 per 10,000 children, 3.2 times the partnership's 63.0 per 10,000 children.",
			'The 1st highest count of 6 wards.'
		]);
		const b = compareWithPartnership('B', AREAS, v, { unit: 'children', levelNoun: 'wards', analyst: false });
		expect(b.lines.join(' ')).not.toMatch(/\b4\b/);
		expect(b.lines[0]).toContain('not shown');
	});

	it('writes ordinals and short lists', () => {
		expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
		expect(nameList(['a', 'b'])).toBe('a, b');
		expect(nameList(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('a, b, c, d, e and 2 more');
	});
});

describe('GeoJSON and attribution', () => {
	it('carries only what the picture shows: class, colour, hatch and Gi* class, never a count', () => {
		const v = mapView(AREAS, { value: 'count', analyst: true });
		const fc = mapFeatures(AREAS.map((a, i) => ({ code: a.code, geometry: square(i) })), v);
		expect(fc.features).toHaveLength(6);
		const b = fc.features.find((f) => f.properties.code === 'B')!;
		expect(b.properties).toEqual({ code: 'B', name: 'Area B', cls: -1, fill: UNCLASSED_FILL, status: 'suppressed', hatched: true, hotspot: 'none' });
		expect(JSON.stringify(fc.features.map((f) => f.properties))).not.toMatch(/"count"|"rate"/);
	});

	it('credits ONS only for real ONS codes', () => {
		const files = [{ fileName: 'wards.geojson', mappingName: 'Boundaries: wards (WD24CD, 2024)' }];
		expect(boundaryAttribution(files, ['X05000001'])).toBe('Boundaries: wards.geojson (wards (WD24CD, 2024)).');
		expect(boundaryAttribution(files, ['E05000001'])).toContain('Open Government Licence v.3.0');
		expect(boundaryAttribution([], [])).toBe('Boundaries: none loaded.');
	});
});

describe('hatch', () => {
	it('is an opaque tile of diagonal lines that repeats seamlessly', () => {
		const img = hatchPixels();
		expect(img.width).toBe(HATCH_SIZE);
		expect(img.data).toHaveLength(HATCH_SIZE * HATCH_SIZE * 4);
		const px = (x: number, y: number) => Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
		for (let i = 3; i < img.data.length; i += 4) expect(img.data[i]).toBe(255);
		expect(px(0, 0)).not.toEqual(px(4, 0));
		// Along a diagonal (x + y constant) the colour is constant, and the tile's edges meet.
		expect(px(1, 6)).toEqual(px(6, 1));
		expect(px(7, 0)).toEqual(px(0, 7));
		expect(px(0, 0)).toEqual(px(7, 1));
	});
});
