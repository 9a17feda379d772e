/**
 * The measures and map cases, app side: the Summary's measures and the Trends page's measures
 * on a loaded partnership, and the hotspot statistics on a synthetic grid. Everything here calls
 * the app's own modules; only the timing is the benchmark's.
 */
import { createBrowserEngine } from '$lib/db/browser';
import type { Engine } from '$lib/db/engine';
import { loadMapped } from '$lib/ingest/load-mapped';
import { loadAreaLookup } from '$lib/ingest/load-area-lookup';
import { SAMPLE_FILES } from '$lib/ingest/sample-mappings';
import { exportWorkspace, importWorkspace } from '$lib/workspace-file/workspace-file';
import { summary } from '$lib/measures/summary';
import { cohortTablesRebuild } from '../trends-measures';
import type { Period, PeriodScheme } from '$lib/measures/periods';
import { timedByMeasure, trendsMeasures } from '../trends-measures';
import type { Filters } from '$lib/measures/filters';
import { syntheticGrid } from '$lib/geo/synthetic-grid';
import { cachedQueenNeighbours, clearNeighbourCache } from '$lib/geo/contiguity';
import { giStar } from '$lib/geo/gi-star';
import { choroplethBreaks, discloseMapAreas } from '$lib/geo/breaks';
import { naiveGiStar, naiveQueenNeighbours, naiveUpdate } from './baseline-gistar';

const round = (x: number) => Math.round(x * 10) / 10;

let current: Engine | null = null;
/** Files waiting to be fetched by Node in parts. */
const held = new Map<string, Uint8Array>();

function engineOrThrow(): Engine {
	if (!current) throw new Error('loadPartnership first');
	return current;
}

async function closeWorkspace() {
	await current?.close();
	current = null;
	window.gc?.();
}

function base64(bytes: Uint8Array): string {
	let text = '';
	for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(text);
}

export const measuresApi = {
	/**
	 * A fresh engine with a whole partnership loaded through the app's loaders (area lookup,
	 * population, the four agency exports, missing episodes), as the sample loader does; or, when
	 * `workspace` names a workspace file saved after such a load (same data, same loader code; see
	 * run.ts), that file opened with the app's importWorkspace. Not timed by the cases; the time is
	 * returned for reference.
	 */
	async loadPartnership(dir: string, files: readonly string[], today: string, workspace: string | null) {
		await closeWorkspace();
		const t0 = performance.now();
		const engine = await createBrowserEngine();
		const loaded: { file: string; read: number; loaded: number; rejected: number }[] = [];
		if (workspace) {
			const res = await fetch(`./bench-data/${workspace}`);
			if (!res.ok || res.headers.get('content-type')?.includes('html')) throw new Error(`${workspace}: HTTP ${res.status}`);
			await importWorkspace(engine, new Uint8Array(await res.arrayBuffer()));
		} else {
			for (const file of files) {
				const spec = SAMPLE_FILES.find((f) => f.file === file);
				if (!spec) throw new Error(`no sample mapping for ${file}`);
				const res = await fetch(`./bench-data/${dir}/${file}`);
				if (!res.ok || res.headers.get('content-type')?.includes('html')) throw new Error(`${file}: HTTP ${res.status}`);
				const source = { name: file, bytes: new Uint8Array(await res.arrayBuffer()) };
				const r = spec.mapping === 'areas' ? await loadAreaLookup(engine, source) : await loadMapped(engine, source, spec.mapping, { today });
				loaded.push({ file, read: r.rowsRead, loaded: r.rowsLoaded, rejected: r.rowsRejected });
			}
		}
		current = engine;
		const [{ concerns }] = await engine.query<{ concerns: number }>('SELECT count(*)::INTEGER AS concerns FROM concerns');
		window.gc?.();
		return { ms: round(performance.now() - t0), via: workspace ? 'workspace file' : 'loaders', loaded, concerns };
	},

	/** The loaded workspace as a workspace file (the app's exportWorkspace), kept in the page for `chunk`; returns its size. */
	async saveWorkspace(): Promise<number> {
		const bytes = await exportWorkspace(engineOrThrow());
		held.set('workspace', bytes);
		return bytes.length;
	},

	/**
	 * The canonical tables the measures read, as CSV written by the page's DuckDB, kept in the page
	 * for `chunk` (native DuckDB loads them, the baseline parses them). CSV, because DuckDB-wasm
	 * here has no Parquet writer: extensions are not loaded. Returns each file's size.
	 */
	async exportTables(tables: string[]): Promise<Record<string, number>> {
		const engine = engineOrThrow();
		const out: Record<string, number> = {};
		for (const table of tables) {
			const name = `bench-export-${table}.csv`;
			await engine.exec(`COPY (SELECT * FROM "${table}") TO '${name}' (HEADER, DELIMITER ',')`);
			const bytes = await engine.copyFileToBuffer(name);
			await engine.dropFile(name);
			held.set(table, bytes);
			out[table] = bytes.length;
		}
		return out;
	},

	/** Part of a file kept by saveWorkspace or exportTables, base64 (large files cross to Node in parts). */
	chunk(key: string, offset: number, length: number): string {
		const bytes = held.get(key);
		if (!bytes) throw new Error(`nothing kept as ${key}`);
		return base64(bytes.subarray(offset, offset + length));
	},
	forgetKept() {
		held.clear();
		window.gc?.();
	},

	async closePartnership() {
		await closeWorkspace();
	},

	/** All Summary measures for one period: summary() as the Summary page calls it. */
	async summaryApp(period: Period, scheme: PeriodScheme, today: string) {
		const engine = engineOrThrow();
		window.gc?.();
		const parts: Record<string, number> = {};
		const t0 = performance.now();
		const data = await summary(timedByMeasure(engine, parts), { period, scheme, today });
		const ms = performance.now() - t0;
		return { ms: round(ms), data, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v)])) };
	},

	/** The derived cohort tables dropped and built again, as after an import (cohort-tables.ts). */
	async cohortTablesApp() {
		const engine = engineOrThrow();
		window.gc?.();
		const t0 = performance.now();
		const parts = await cohortTablesRebuild(engine);
		return { ms: round(performance.now() - t0), data: null, parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v)])) };
	},

	/** A filter change on the Trends page: its four measures again, with the new filters. */
	async trendsApp(period: Period, scheme: PeriodScheme, filters: Filters) {
		const engine = engineOrThrow();
		window.gc?.();
		const t0 = performance.now();
		const data = await trendsMeasures(engine, period, scheme, filters, true);
		return { ms: round(performance.now() - t0), data };
	},

	/**
	 * Hotspot statistics on a synthetic grid of about `areas` squares, as the map computes them.
	 * Neighbours first time: cachedQueenNeighbours on an empty cache (queen contiguity plus the
	 * geometry fingerprint). Then each update (a new measure or period, so new values): the cached
	 * neighbour lookup (fingerprint again), Gi*, choropleth breaks and the map's disclosure rule.
	 * `reps` timed repetitions after one warm-up, each with different values.
	 * The baseline does the same with naive code (see baseline-gistar.ts).
	 */
	gistar(areas: number, reps: number, withBaseline: { neighbours: boolean; update: boolean }) {
		const cols = Math.ceil(Math.sqrt(areas));
		const shapes = syntheticGrid(cols, Math.ceil(areas / cols));
		const n = shapes.length;
		const valuesFor = (k: number) => Float64Array.from(shapes, (_, i) => ((i + k) * 7919) % 13 + (i % cols < cols / 3 ? 5 : 0));
		const app = { neighbours: [] as number[], update: [] as number[] };
		const baseline = { neighbours: [] as number[], update: [] as number[] };
		const parts: Record<string, number>[] = [];
		let maxZDifference = 0;
		let neighbourListsAgree = true;
		for (let rep = -1; rep < reps; rep++) {
			window.gc?.();
			clearNeighbourCache();
			let t = performance.now();
			const first = cachedQueenNeighbours(shapes);
			const neighboursMs = performance.now() - t;
			if (withBaseline.neighbours) {
				t = performance.now();
				const naive = naiveQueenNeighbours(shapes);
				const naiveMs = performance.now() - t;
				if (rep >= 0) baseline.neighbours.push(naiveMs);
				for (let i = 0; i < n && neighbourListsAgree; i++) {
					const a = Array.from(first.list.neighbours.subarray(first.list.offsets[i], first.list.offsets[i + 1]));
					const b = naive[i];
					neighbourListsAgree = a.length === b.length && a.every((x, k) => x === b[k]);
				}
			}
			if (rep >= 0) app.neighbours.push(neighboursMs);

			const values = valuesFor(rep + 2);
			window.gc?.();
			t = performance.now();
			const { list } = cachedQueenNeighbours(shapes);
			const t1 = performance.now();
			const gi = giStar(values, list);
			const t2 = performance.now();
			const counts = Array.from(values);
			const breaks = choroplethBreaks(counts);
			const t3 = performance.now();
			const disclosed = discloseMapAreas(counts.map((c) => ({ count: c, rate: null })), { board: true });
			const t4 = performance.now();
			const updateMs = t4 - t;
			if (rep >= 0) {
				app.update.push(updateMs);
				parts.push({ cached_neighbours: t1 - t, gi_star: t2 - t1, breaks: t3 - t2, disclosure: t4 - t3 });
			}
			if (!breaks || disclosed.length !== n || gi.classes.length !== n) throw new Error('hotspot statistics returned nothing');

			if (withBaseline.update) {
				const lists = Array.from({ length: n }, (_, i) => Array.from(list.neighbours.subarray(list.offsets[i], list.offsets[i + 1])));
				window.gc?.();
				t = performance.now();
				const naive = naiveUpdate(counts, lists);
				const naiveMs = performance.now() - t;
				if (rep >= 0) baseline.update.push(naiveMs);
				const z = naiveGiStar(counts, lists);
				for (let i = 0; i < n; i++) {
					const d = Number.isNaN(gi.z[i]) && Number.isNaN(z[i]) ? 0 : Math.abs(gi.z[i] - z[i]);
					maxZDifference = Math.max(maxZDifference, Number.isNaN(d) ? Infinity : d);
				}
				if (naive.classes.length !== n) throw new Error('naive update returned nothing');
			}
		}
		return {
			areas: n,
			app: { neighbours: app.neighbours.map(round), update: app.update.map(round), parts },
			baseline: { neighbours: baseline.neighbours.map(round), update: baseline.update.map(round) },
			neighbour_lists_agree: withBaseline.neighbours ? neighbourListsAgree : null,
			max_z_difference: withBaseline.update ? maxZDifference : null
		};
	}
};
