import { describe, expect, it } from 'vitest';
import { FONTS, LEGEND_WIDTH, MARGIN, MAX_MAP_WIDTH, mapExportLayout, wrapText, type ExportOp, type MapExportContent } from '$lib/export/map-export';
import { hotspotLegend } from '$lib/views/map-view';

/** A stand-in for canvas text measuring: 7 px per character (13 px fonts average about that). */
const measure = (t: string) => t.length * 7;

const CONTENT: MapExportContent = {
	title: 'Children identified at risk, by home area',
	subtitle: 'Apr–Sep 2026 · by ward · count',
	legendTitle: 'Children (count)',
	legend: [
		{ kind: 'colour', colour: '#eef3f9', label: '0 to 10' },
		{ kind: 'colour', colour: '#17406f', label: 'over 10 to 20' },
		{ kind: 'hatch', colour: '#f7f7f7', label: 'fewer than 10' }
	],
	hotspots: hotspotLegend(),
	notes: ['Areas with fewer than 10 children are hatched and their figures not shown. '.repeat(4).trim()],
	attribution: 'Boundaries: wards.geojson (wards (WD24CD, 2024)).'
};

const texts = (ops: ExportOp[]) => ops.filter((o): o is Extract<ExportOp, { kind: 'text' }> => o.kind === 'text');

describe('wrapText', () => {
	it('breaks at spaces within the width and keeps every word', () => {
		const lines = wrapText('one two three four five six', 70, FONTS.body, measure);
		expect(lines).toEqual(['one two', 'three four', 'five six']);
		for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(70);
	});
	it('puts a word longer than the width on a line of its own', () => {
		expect(wrapText('a verylongwordindeed b', 35, FONTS.body, measure)).toEqual(['a', 'verylongwordindeed', 'b']);
	});
});

describe('mapExportLayout', () => {
	const layout = mapExportLayout(CONTENT, { width: 800, height: 560 }, measure);

	it('places the map below the title, at its size, with the legend beside it', () => {
		const map = layout.ops.find((o) => o.kind === 'map')!;
		expect(map).toMatchObject({ x: MARGIN, w: 800, h: 560 });
		const title = texts(layout.ops)[0];
		expect(title.text).toBe(CONTENT.title);
		expect(title.y).toBeLessThan(map.kind === 'map' ? map.y : 0);
		expect(layout.width).toBe(MARGIN + 800 + 24 + LEGEND_WIDTH + MARGIN);
		const swatches = layout.ops.filter((o) => o.kind === 'swatch');
		expect(swatches).toHaveLength(3);
		for (const s of swatches) expect(s.x).toBeGreaterThan(MARGIN + 800);
		expect(swatches.map((s) => s.kind === 'swatch' && s.hatched)).toEqual([false, false, true]);
	});

	it('writes every legend label, Gi* class, note and the attribution, inside the image', () => {
		const all = texts(layout.ops).map((t) => t.text).join(' ');
		for (const e of CONTENT.legend) expect(all).toContain(e.label);
		expect(all).toContain('Getis-Ord Gi* hot and cold spots');
		expect(all).toContain('Hot spot, 99% confidence');
		expect(all).toContain('Boundaries: wards.geojson');
		expect(all.replace(/\s+/g, ' ')).toContain(CONTENT.notes[0]);
		for (const t of texts(layout.ops)) {
			expect(t.y).toBeLessThanOrEqual(layout.height - MARGIN);
			expect(t.x + measure(t.text)).toBeLessThanOrEqual(layout.width - MARGIN + 1);
		}
	});

	it('starts the notes below both the map and the legend, whichever is taller', () => {
		const map = layout.ops.find((o) => o.kind === 'map')!;
		const legendBottom = Math.max(...layout.ops.filter((o) => o.kind !== 'map' && 'x' in o && o.x > MARGIN + 800).map((o) => ('y' in o ? o.y : 0)));
		const note = texts(layout.ops).find((t) => t.text.startsWith('Areas with'))!;
		expect(note.y).toBeGreaterThan((map.kind === 'map' ? map.y + map.h : 0));
		expect(note.y).toBeGreaterThan(legendBottom);
		// A short map: the long legend decides where the notes go.
		const short = mapExportLayout(CONTENT, { width: 800, height: 100 }, measure);
		const shortNote = texts(short.ops).find((t) => t.text.startsWith('Areas with'))!;
		const shortLegend = Math.max(...texts(short.ops).filter((t) => t.x > MARGIN + 800).map((t) => t.y));
		expect(shortNote.y).toBeGreaterThan(shortLegend);
	});

	it('scales a very wide map down to a page width, and leaves out the Gi* legend when the layer is off', () => {
		const wide = mapExportLayout({ ...CONTENT, hotspots: null }, { width: 1800, height: 900 }, measure);
		expect(wide.ops.find((o) => o.kind === 'map')).toMatchObject({ w: MAX_MAP_WIDTH, h: 450 });
		expect(texts(wide.ops).some((t) => t.text.includes('Gi*'))).toBe(false);
		expect(wide.ops.some((o) => o.kind === 'line')).toBe(false);
	});
});
