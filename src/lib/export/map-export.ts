/**
 * The hotspot map as a PNG: the map picture (the WebGL canvas, which is board-safe: see
 * views/map-view.ts) with its title, period, legend, suppression note and boundary attribution
 * drawn around it on a new canvas, so the image explains itself when pasted into a paper.
 *
 * Split in two: `mapExportLayout` is pure (positions of every piece, text wrapped with a measuring
 * function) and unit-tested; `paintMapExport` only draws what the layout says.
 */
import type { HotspotLegendEntry, LegendEntry } from '$lib/views/map-view';
import { downloadBlob } from './csv';
import { BOUNDARY_COLOUR, GI_CASING } from '$lib/views/map-view';

export interface MapExportContent {
	title: string;
	/** Measure, period, level and value, e.g. "Oct 2025–Mar 2026 · wards · count". */
	subtitle: string;
	legendTitle: string;
	legend: LegendEntry[];
	/** Gi* outlines, or null when the Gi* layer is off. */
	hotspots: HotspotLegendEntry[] | null;
	/** Suppression note and any other caveat, one paragraph each. */
	notes: string[];
	attribution: string;
}

export type ExportOp =
	| { kind: 'text'; text: string; x: number; y: number; font: string; colour: string }
	| { kind: 'swatch'; x: number; y: number; w: number; h: number; fill: string; hatched: boolean }
	| { kind: 'line'; x1: number; y1: number; x2: number; y2: number; colour: string; width: number; dash: readonly number[] | null }
	| { kind: 'map'; x: number; y: number; w: number; h: number };

export interface ExportLayout {
	/** CSS pixels; the painter scales up for sharpness. */
	width: number;
	height: number;
	ops: ExportOp[];
}

export type MeasureText = (text: string, font: string) => number;

/** Space around everything and between blocks (CSS pixels). */
export const MARGIN = 24;
const GAP = 12;
/** The legend column beside the map: room for "over 1,000 to 2,000" and the Gi* words. */
export const LEGEND_WIDTH = 300;
/** The map is drawn at most this wide in the export (a page's width at 96 dpi). */
export const MAX_MAP_WIDTH = 900;
const SWATCH = 16;
export const FONTS = {
	title: 'bold 20px system-ui, sans-serif',
	subtitle: '14px system-ui, sans-serif',
	heading: 'bold 13px system-ui, sans-serif',
	body: '13px system-ui, sans-serif',
	small: '11px system-ui, sans-serif'
} as const;
const LINE = { title: 26, subtitle: 20, heading: 18, body: 18, small: 15 } as const;
const INK = '#1b1f24';
const MUTED = '#4a5260';

/** Break `text` into lines no wider than `width` (a word longer than the width gets a line of its own). */
export function wrapText(text: string, width: number, font: string, measure: MeasureText): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (line && measure(next, font) > width) {
			lines.push(line);
			line = word;
		} else line = next;
	}
	if (line) lines.push(line);
	return lines;
}

export function mapExportLayout(content: MapExportContent, map: { width: number; height: number }, measure: MeasureText): ExportLayout {
	const scale = Math.min(1, MAX_MAP_WIDTH / map.width);
	const mapW = Math.round(map.width * scale);
	const mapH = Math.round(map.height * scale);
	const width = MARGIN + mapW + GAP * 2 + LEGEND_WIDTH + MARGIN;
	const inner = width - 2 * MARGIN;
	const ops: ExportOp[] = [];
	let y = MARGIN;
	const text = (t: string, x: number, font: keyof typeof FONTS, colour = INK) => ops.push({ kind: 'text', text: t, x, y, font: FONTS[font], colour });
	for (const l of wrapText(content.title, inner, FONTS.title, measure)) {
		y += LINE.title;
		text(l, MARGIN, 'title');
	}
	for (const l of wrapText(content.subtitle, inner, FONTS.subtitle, measure)) {
		y += LINE.subtitle;
		text(l, MARGIN, 'subtitle', MUTED);
	}
	y += GAP;
	const mapTop = y;
	ops.push({ kind: 'map', x: MARGIN, y: mapTop, w: mapW, h: mapH });

	// Legend column, beside the map.
	const lx = MARGIN + mapW + GAP * 2;
	const labelX = lx + SWATCH + 8;
	const labelWidth = LEGEND_WIDTH - SWATCH - 8;
	let ly = mapTop;
	const legendText = (t: string, x: number, font: keyof typeof FONTS, w: number) => {
		const lines = wrapText(t, w, FONTS[font], measure);
		for (const l of lines) {
			ly += LINE[font];
			ops.push({ kind: 'text', text: l, x, y: ly, font: FONTS[font], colour: INK });
		}
		return lines.length;
	};
	legendText(content.legendTitle, lx, 'heading', LEGEND_WIDTH);
	for (const e of content.legend) {
		const top = ly + 6;
		ops.push({ kind: 'swatch', x: lx, y: top, w: SWATCH, h: SWATCH, fill: e.colour, hatched: e.kind === 'hatch' });
		legendText(e.label, labelX, 'body', labelWidth);
		ly = Math.max(ly, top + SWATCH);
	}
	if (content.hotspots) {
		ly += GAP;
		legendText('Getis-Ord Gi* hot and cold spots', lx, 'heading', LEGEND_WIDTH);
		for (const h of content.hotspots) {
			const mid = ly + 6 + SWATCH / 2;
			// Each sample sits on the casing the map draws, so it looks as it does on the map.
			ops.push({ kind: 'line', x1: lx, y1: mid, x2: lx + SWATCH + 4, y2: mid, colour: '#ffffff', width: h.width + GI_CASING, dash: null });
			ops.push({ kind: 'line', x1: lx, y1: mid, x2: lx + SWATCH + 4, y2: mid, colour: h.colour, width: h.width, dash: h.dash });
			legendText(h.label, labelX + 4, 'body', labelWidth - 4);
			ly = Math.max(ly, mid + SWATCH / 2);
		}
	}

	y = Math.max(mapTop + mapH, ly) + GAP;
	for (const note of content.notes) {
		for (const l of wrapText(note, inner, FONTS.body, measure)) {
			y += LINE.body;
			text(l, MARGIN, 'body');
		}
		y += 4;
	}
	for (const l of wrapText(content.attribution, inner, FONTS.small, measure)) {
		y += LINE.small;
		text(l, MARGIN, 'small', MUTED);
	}
	return { width, height: y + MARGIN, ops };
}

/** Draw a layout onto `ctx` (already sized width × height × scale). */
export function paintMapExport(
	ctx: CanvasRenderingContext2D,
	layout: ExportLayout,
	mapCanvas: CanvasImageSource,
	hatch: CanvasPattern | null,
	scale: number
): void {
	ctx.save();
	ctx.scale(scale, scale);
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, layout.width, layout.height);
	ctx.textBaseline = 'alphabetic';
	for (const op of layout.ops) {
		if (op.kind === 'text') {
			ctx.font = op.font;
			ctx.fillStyle = op.colour;
			ctx.fillText(op.text, op.x, op.y);
		} else if (op.kind === 'map') {
			ctx.drawImage(mapCanvas, op.x, op.y, op.w, op.h);
			ctx.strokeStyle = '#c9ced6';
			ctx.lineWidth = 1;
			ctx.strokeRect(op.x + 0.5, op.y + 0.5, op.w - 1, op.h - 1);
		} else if (op.kind === 'swatch') {
			ctx.fillStyle = op.hatched && hatch ? hatch : op.fill;
			ctx.fillRect(op.x, op.y, op.w, op.h);
			ctx.strokeStyle = BOUNDARY_COLOUR;
			ctx.lineWidth = 1;
			ctx.strokeRect(op.x + 0.5, op.y + 0.5, op.w - 1, op.h - 1);
		} else {
			ctx.strokeStyle = op.colour;
			ctx.lineWidth = op.width;
			ctx.setLineDash(op.dash ? op.dash.map((d) => d * op.width) : []);
			ctx.beginPath();
			ctx.moveTo(op.x1, op.y1);
			ctx.lineTo(op.x2, op.y2);
			ctx.stroke();
			ctx.setLineDash([]);
		}
	}
	ctx.restore();
}

/** Pixels per CSS pixel in the exported PNG: sharp when printed or pasted into a document. */
export const EXPORT_SCALE = 2;

/** Lay out, paint and download the map as `fileName`. `hatchTile` is the hatch's pixels. */
export async function downloadMapPng(
	fileName: string,
	content: MapExportContent,
	mapCanvas: HTMLCanvasElement,
	mapCssSize: { width: number; height: number },
	hatchTile: ImageData
): Promise<void> {
	const canvas = document.createElement('canvas');
	const ctx = canvas.getContext('2d');
	if (!ctx) throw new Error('This browser cannot draw the map image (no 2D canvas).');
	const measure: MeasureText = (t, font) => {
		ctx.font = font;
		return ctx.measureText(t).width;
	};
	const layout = mapExportLayout(content, mapCssSize, measure);
	canvas.width = Math.ceil(layout.width * EXPORT_SCALE);
	canvas.height = Math.ceil(layout.height * EXPORT_SCALE);
	const tile = document.createElement('canvas');
	tile.width = hatchTile.width;
	tile.height = hatchTile.height;
	tile.getContext('2d')?.putImageData(hatchTile, 0, 0);
	paintMapExport(ctx, layout, mapCanvas, ctx.createPattern(tile, 'repeat'), EXPORT_SCALE);
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
	if (!blob) throw new Error('The map could not be turned into a PNG.');
	downloadBlob(fileName, blob);
}
