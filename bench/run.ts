/**
 * `npm run bench [-- --quick] [--reps N] [--exports csc,police] [--sizes 10000,100000] [--areas 1000,35000] [--ways native,app,baseline] [--cases start,import,measures,filter,gistar] [--out FILE]`
 *
 * Measures CSE Profile against its physical limit and against the obvious alternative, in one
 * run on one machine (issue 8):
 *   app      — the app's real modules in headless Chromium (bench/page, built with Vite from
 *              src/lib; DuckDB-wasm in a Web Worker), timed inside the page with performance.now();
 *   native   — @duckdb/node-api with one thread, the same SQL on the same file;
 *   baseline — papaparse + plain JavaScript, in the same Chromium page.
 * Each timing: one warm-up, then `--reps` (default 5) repetitions; median and min–max.
 * Writes bench/results.json and prints a table. See bench/README.md.
 *
 * Cases: engine start-up to ready; import of one agency export through the whole pipeline; all
 * Summary measures for a period; a filter change on the Trends page; Gi* and choropleth update.
 * A new case is a function returning CaseResult rows (see report.ts), called from main() below.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { basename, join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from '@playwright/test';
import * as SAMPLE_MAPPINGS from '$lib/ingest/sample-mappings';
import type { Mapping } from '$lib/ingest/mapping';
import { benchViteConfig, ROOT } from './vite-config';
import { ensureDataset, EXPORTS, type Dataset, type ExportKind } from './data';
import { closeNative, nativeImport, nativeStart, nativeWorkspace } from './native';
import { ensurePartnership, PARTNERSHIP_FILES } from './partnership';
import { canonicalJson, cohortTablesRebuild, timedByMeasure, trendsMeasures } from './trends-measures';
import { summary } from '$lib/measures/summary';
import type { Filters } from '$lib/measures/filters';
import type { Period, PeriodScheme } from '$lib/measures/periods';
import { medianParts, r1, r2, summarise, type Timing } from './stats';
import { startSampler } from './memory';
import { table, type CaseResult } from './report';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => {
	const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return fallback;
	return argv[i].includes('=') ? argv[i].split('=')[1] : (argv[i + 1] ?? fallback);
};
const QUICK = flag('quick');
const REPS = Number(option('reps', '5'));
const WARMUPS = 1;
const SIZES = option('sizes', QUICK ? '10000,100000' : '10000,100000,1000000').split(',').map(Number);
/** Which ways to run (all three unless told), e.g. `--ways app` while looking into the app alone. */
const WAYS = option('ways', 'native,app,baseline').split(',');
/** Which cases to run: `start` (engine start-up), `import`, `measures` (Summary), `filter` (Trends filter change), `gistar`. */
const CASES = option('cases', 'start,import,measures,filter,gistar,map').split(',');
/** Synthetic grids for the Gi* case (areas). */
const GISTAR_SIZES = option('areas', '1000,35000').split(',').map(Number);
/** Above this many areas the naive O(n²) contiguity baseline is not run (35,000 areas: ~6×10⁸ pairs, minutes). */
const NAIVE_NEIGHBOURS_MAX = 5000;
/** The Trends filter change: risk level = high (a child-level filter, so every record is still read). */
const TRENDS_FILTER: Filters = { riskLevel: ['high'] };
const SCHEME: PeriodScheme = 'financial';
/** The canonical tables the Summary and Trends measures read. */
const MEASURE_TABLES = ['concerns', 'missing_episodes', 'areas', 'population'] as const;
/** Bytes per part when a file crosses from the page to Node. */
const CHUNK = 16 * 2 ** 20;
/** Targets (issues 4, 5 and 8), in ms, by case and size. */
const TARGETS: Record<string, Record<number, number>> = {
	measures: { 100_000: 100, 1_000_000: 500 },
	filter: { 100_000: 100, 1_000_000: 500 },
	gistar: { 1000: 100, 35_000: 1000 }
};
/** Where to write the results (bench/results.json unless told). */
const OUT = option('out', join(ROOT, 'bench', 'results.json'));
/** Sizes at which the page's peak memory is read (sampled from /proc during each timed import). */
const MEMORY_SIZES = new Set([100_000, 1_000_000]);
/** From this size, a fresh engine per repetition (see importCase). */
const FRESH_ENGINE_FROM = 1_000_000;
const EXPORT_KEYS = option('exports', 'csc').split(',');
/** Fixed "today", so the same rows pass and fail whatever day the benchmark runs (data end Sep 2026). */
const TODAY = '2026-10-01';
const CACHE = join(ROOT, 'bench', '.cache');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader',
	// Lets the page collect garbage between repetitions (outside the timed part), for steadier timings.
	'--js-flags=--expose-gc'
];
const MAPPING_FOR: Record<string, string> = { csc: 'CSC_SERAF', police: 'POLICE_REFERRALS' };
const LABEL_FOR: Record<string, string> = { csc: "children's social care (SERAF) export", police: 'police export' };

const startedAt = performance.now();
const LOAD_AT_START = os.loadavg().map((x) => Math.round(x * 100) / 100);
const log = (s: string) => console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${s}`);

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

function timingFields(prefix: 'app' | 'native' | 'baseline', t: Timing | null) {
	if (!t) return { [`${prefix}_ms`]: null };
	return { [`${prefix}_ms`]: t.median, [`${prefix}_spread_ms`]: [t.min, t.max], [`${prefix}_samples_ms`]: t.samples };
}

function ratios(app: Timing | null, native: Timing | null, baseline: Timing | null) {
	return {
		app_over_native: app && native ? r2(app.median / native.median) : null,
		baseline_over_app: app && baseline ? r2(baseline.median / app.median) : null
	};
}

function target(kind: string, size: number, ms: number | null) {
	const limit = TARGETS[kind]?.[size];
	if (limit === undefined) return {};
	return { target_ms: limit, target_met: ms === null ? null : ms <= limit, over_target: ms === null ? null : r2(ms / limit) };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);

// ---------------------------------------------------------------------------------------------
// Browser
// ---------------------------------------------------------------------------------------------

interface Ctx {
	browser: Browser;
	base: string;
}

async function freePort(preferred: number): Promise<number> {
	const tryPort = (port: number) =>
		new Promise<number>((resolve, reject) => {
			const s = createServer();
			s.once('error', reject);
			s.listen(port, '127.0.0.1', () => {
				const got = (s.address() as { port: number }).port;
				s.close(() => resolve(got));
			});
		});
	return tryPort(preferred).catch(() => tryPort(0));
}

async function benchPage(ctx: Ctx): Promise<Page> {
	const page = await ctx.browser.newPage();
	page.on('pageerror', (err) => log(`page error: ${err.message}`));
	await page.goto(`${ctx.base}/index.html`);
	await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
	return page;
}

// ---------------------------------------------------------------------------------------------
// Case: engine start-up to ready
// ---------------------------------------------------------------------------------------------

async function engineStartCase(ctx: Ctx): Promise<CaseResult[]> {
	// Native and app take turns, as in the import case. App: a freshly loaded page each time.
	const page = await ctx.browser.newPage();
	const native: { ms: number; bare_ms: number }[] = [];
	const appSamples: number[] = [];
	let error: string | undefined;
	for (let round = -WARMUPS; round < REPS; round++) {
		log(`engine start: ${round < 0 ? 'warm-up' : `round ${round + 1}/${REPS}`}`);
		const n = await nativeStart();
		if (round >= 0) native.push(n);
		if (error) continue;
		try {
			await page.goto(`${ctx.base}/index.html`);
			await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
			const { ms } = await page.evaluate(() => window.__cseBench.engineStart());
			if (round >= 0) appSamples.push(ms);
		} catch (err) {
			error = errorText(err);
		}
	}
	await page.close();
	const app = !error && appSamples.length ? summarise(appSamples) : null;
	const nativeT = summarise(native.map((n) => n.ms));
	const row: CaseResult = {
		name: 'engine start-up to ready',
		size: null,
		app_ms: null,
		native_ms: null,
		baseline_ms: null,
		app_over_native: null,
		baseline_over_app: null,
		reps: REPS
	};
	Object.assign(row, timingFields('app', app), timingFields('native', nativeT), ratios(app, nativeT, null), {
		native_bare_ms: summarise(native.map((n) => n.bare_ms)).median,
		note: 'app: createBrowserEngine (worker, wasm instantiate, open, settings, schema) in a freshly loaded page; native: instance + connection + the same settings and schema (native_bare_ms: instance + connection only); baseline: nothing to start',
		...(error ? { error } : {})
	});
	return [row];
}

// ---------------------------------------------------------------------------------------------
// Case: import of one agency export through the whole pipeline
// ---------------------------------------------------------------------------------------------

type AppImport = {
	ms: number; read: number; loaded: number; rejected: number; notices: string[];
	longest_task_ms: number; long_tasks_total_ms: number; longest_task_by_step_ms: Record<string, number>;
	parts: Record<string, number>;
};
type NativeImport = Awaited<ReturnType<typeof nativeImport>>;
type BaselineImport = { ms: number; read: number; loaded: number; rejected: number; parse_ms: number };
type Memory = { peak: number; start: number };

/**
 * Import one export of `size` rows, three ways. The ways take turns within each repetition
 * (native, app, baseline; then again), so that load from other work on the machine falls on all
 * three alike and the ratios stay fair even when absolute times drift. One untimed warm-up round
 * first. A way that fails (e.g. the page running out of memory at 1,000,000 rows) is recorded
 * with its error and left out of later rounds; the others go on.
 *
 * App: one page. Below FRESH_ENGINE_FROM rows, one engine for all rounds, each import removed
 * again (untimed, with the app's removeImport) before the next; the warm-up is the first import
 * in a fresh engine, and the page's memory is sampled during it. From FRESH_ENGINE_FROM rows, a
 * fresh engine each round (DuckDB-wasm's memory never shrinks and is capped near 2 GB), warmed
 * by an untimed import of the smallest export first, memory sampled during each import.
 */
async function importCase(ctx: Ctx, kind: ExportKind, size: number): Promise<CaseResult> {
	const mappingName = MAPPING_FOR[kind.key];
	const mapping = (SAMPLE_MAPPINGS as unknown as Record<string, Mapping>)[mappingName];
	const data: Dataset = await ensureDataset(CACHE, kind, size, log);
	const warmData = await ensureDataset(CACHE, kind, SIZES[0], log);
	const url = `${ctx.base}/bench-data/${data.name}`;
	const warmUrl = `${ctx.base}/bench-data/${warmData.name}`;
	const label = `import ${LABEL_FOR[kind.key]}`;
	const args = [url, mappingName, TODAY] as const;
	const result: CaseResult = {
		name: label,
		size,
		app_ms: null,
		native_ms: null,
		baseline_ms: null,
		app_over_native: null,
		baseline_over_app: null,
		reps: REPS,
		input_mb: r1(data.bytes / 2 ** 20),
		mapping: mappingName
	};
	const errors: Record<string, string> = {};
	const sampleMemory = MEMORY_SIZES.has(size);
	const freshEngines = size >= FRESH_ENGINE_FROM;
	let appMemory: Memory | null = null;
	let baselineMemory: Memory | null = null;
	let laterMemory: Memory | null = null;
	const keepHighest = (mem: Memory | null | undefined, kept: Memory | null) =>
		mem && (!kept || mem.peak - mem.start > kept.peak - kept.start) ? mem : kept;

	let page = await benchPage(ctx);
	await page.evaluate((u) => window.__cseBench.load(u), url);
	if (freshEngines) await page.evaluate((u) => window.__cseBench.load(u), warmUrl);
	const reopenPage = async () => {
		await page.close().catch(() => undefined);
		page = await benchPage(ctx);
		await page.evaluate((u) => window.__cseBench.load(u), url);
	};

	const ways = {
		native: async (): Promise<NativeImport> => nativeImport(data.path, mapping, TODAY),
		app: async (round: number): Promise<AppImport> => {
			if (freshEngines || round === -1) await page.evaluate(() => window.__cseBench.openEngine());
			if (freshEngines) await page.evaluate(([u, m, t]) => window.__cseBench.importApp(u, m, t), [warmUrl, mappingName, TODAY] as const);
			// The first import into the engine, and (below FRESH_ENGINE_FROM) the next one too, into the
			// same engine after the first was removed: what a later file costs, without first-use costs.
			const later = !freshEngines && round === 0;
			const sampler = sampleMemory && (freshEngines || round === -1 || later) ? startSampler() : null;
			const one = (await page.evaluate(([u, m, t]) => window.__cseBench.importApp(u, m, t), args)) as AppImport;
			if (later) laterMemory = sampler?.stop() ?? null;
			else appMemory = keepHighest(sampler?.stop(), appMemory);
			if (round === -1) result.app_first_import_ms = one.ms;
			return one;
		},
		baseline: async (): Promise<BaselineImport> => {
			const sampler = sampleMemory ? startSampler() : null;
			const one = (await page.evaluate(([u, m, t]) => window.__cseBench.importBaseline(u, m, t), args)) as BaselineImport;
			baselineMemory = keepHighest(sampler?.stop(), baselineMemory);
			return one;
		}
	};
	const runs = { native: [] as NativeImport[], app: [] as AppImport[], baseline: [] as BaselineImport[] };
	for (let round = -WARMUPS; round < REPS; round++) {
		log(`${label} ${size.toLocaleString('en-GB')}: ${round < 0 ? 'warm-up' : `round ${round + 1}/${REPS}`}`);
		for (const way of ['native', 'app', 'baseline'] as const) {
			if (errors[way] || !WAYS.includes(way)) continue;
			try {
				const one = await ways[way](round);
				if (round >= 0) (runs[way] as unknown[]).push(one);
			} catch (err) {
				errors[way] = errorText(err);
				log(`  ${way} failed: ${errors[way]}`);
				if (way !== 'native') await reopenPage();
			}
		}
	}
	await page.evaluate(() => window.__cseBench.closeEngine()).catch(() => undefined);
	await page.close().catch(() => undefined);

	const ok = (way: keyof typeof runs) => !errors[way] && runs[way].length > 0;
	const nativeT = ok('native') ? summarise(runs.native.map((n) => n.ms)) : null;
	const appT = ok('app') ? summarise(runs.app.map((a) => a.ms)) : null;
	const baselineT = ok('baseline') ? summarise(runs.baseline.map((b) => b.ms)) : null;
	const counts = (r: { read: number; loaded: number; rejected: number }) => ({ read: r.read, loaded: r.loaded, rejected: r.rejected });
	if (nativeT) {
		result.native_counts = counts(runs.native.at(-1)!);
		result.native_breakdown_ms = medianParts(runs.native.map((n) => n.parts));
		result.native_fingerprint_ms = summarise(runs.native.map((n) => n.fingerprint_ms)).median;
	}
	if (appT) {
		const last = runs.app.at(-1)!;
		result.app_counts = counts(last);
		result.app_breakdown_ms = medianParts(runs.app.map((a) => a.parts));
		result.longest_task_ms = Math.max(...runs.app.map((a) => a.longest_task_ms));
		result.longest_task_by_step_ms = Object.fromEntries(
			[...new Set(runs.app.flatMap((a) => Object.keys(a.longest_task_by_step_ms)))].map((k) => [
				k,
				Math.max(...runs.app.map((a) => a.longest_task_by_step_ms[k] ?? 0))
			])
		);
		result.app_notices = last.notices;
	}
	if (baselineT) {
		result.baseline_counts = counts(runs.baseline.at(-1)!);
		result.baseline_parse_ms = summarise(runs.baseline.map((b) => b.parse_ms)).median;
	}
	Object.assign(result, timingFields('app', appT), timingFields('native', nativeT), timingFields('baseline', baselineT), ratios(appT, nativeT, baselineT));
	// Ratios within each round (same load on the machine), as a check on the ratio of medians.
	if (appT && nativeT) result.app_over_native_per_round = runs.app.map((a, i) => r2(a.ms / runs.native[i].ms));
	if (appT && baselineT) result.baseline_over_app_per_round = runs.app.map((a, i) => r2(runs.baseline[i].ms / a.ms));
	const memory = appMemory as Memory | null;
	if (memory) {
		// Peak RSS of the page's renderer processes during an import into a fresh engine, the RSS
		// just before it (file loaded, engine started), and the growth against the file's size.
		result.peak_mb = r1(memory.peak / 2 ** 20);
		result.idle_mb = r1(memory.start / 2 ** 20);
		result.peak_over_idle_mb = r1((memory.peak - memory.start) / 2 ** 20);
		result.peak_over_idle_per_input = r2((memory.peak - memory.start) / data.bytes);
	}
	const laterM = laterMemory as Memory | null;
	if (laterM) {
		// The same for the second import into the engine (the first one removed again).
		result.later_import_peak_over_idle_mb = r1((laterM.peak - laterM.start) / 2 ** 20);
		result.later_import_peak_over_idle_per_input = r2((laterM.peak - laterM.start) / data.bytes);
	}
	const bMemory = baselineMemory as Memory | null;
	if (bMemory) result.baseline_peak_over_idle_mb = r1((bMemory.peak - bMemory.start) / 2 ** 20);
	const a = result.app_counts as { read: number; loaded: number } | undefined;
	const n = result.native_counts as { read: number; loaded: number } | undefined;
	if (a && n) result.app_native_counts_agree = a.read === n.read && a.loaded === n.loaded;
	if (Object.keys(errors).length) result.errors = errors;
	return result;
}

// ---------------------------------------------------------------------------------------------
// Cases: all Summary measures for a period; a filter change on the Trends page
// ---------------------------------------------------------------------------------------------

type Timed<T> = { ms: number; data: T };

/**
 * A synthetic partnership with `size` concern records, loaded once (untimed) into the app's
 * engine in the page through the app's loaders; its canonical tables exported from the page as
 * CSV, loaded into native DuckDB's copy of the schema (same rows) and parsed by the baseline in a
 * second page. Then, round by round (one warm-up): native, app, baseline for the Summary; native,
 * app for the Trends filter change.
 */
async function measuresCases(ctx: Ctx, size: number): Promise<CaseResult[]> {
	const doMeasures = CASES.includes('measures');
	const doFilter = CASES.includes('filter');
	const p = await ensurePartnership(CACHE, size, log);
	const page = await benchPage(ctx);
	let basePage: Page | null = null;
	let native: Awaited<ReturnType<typeof nativeWorkspace>> | null = null;
	const measures: CaseResult = {
		name: 'all Summary measures for a period', size, app_ms: null, native_ms: null, baseline_ms: null,
		app_over_native: null, baseline_over_app: null, reps: REPS, input_mb: r1(p.bytes / 2 ** 20)
	};
	const filter: CaseResult = {
		name: 'Trends filter change (risk level = high)', size, app_ms: null, native_ms: null, baseline_ms: null,
		app_over_native: null, baseline_over_app: null, reps: REPS, filters: TRENDS_FILTER
	};
	const tables: CaseResult = {
		name: 'derived cohort tables, rebuilt after a data change', size, app_ms: null, native_ms: null, baseline_ms: null,
		app_over_native: null, baseline_over_app: null, reps: REPS,
		note: 'paid once by the first measure after an import, removal or restore (src/lib/measures/cohort-tables.ts); the Summary and Trends rows read the tables it builds'
	};
	const errors: Record<string, string> = {};
	try {
		// Loaded once through the app's loaders, then saved as a workspace file (the app's own
		// format) with the tables as CSV; later runs open that file while the loaders are unchanged.
		const canonical = join(p.path, `canonical-${loaderKey(p.path)}`);
		const cached = existsSync(join(canonical, 'workspace.cse')) && MEASURE_TABLES.every((t) => existsSync(join(canonical, `${t}.csv`)));
		log(`measures ${size.toLocaleString('en-GB')}: loading the partnership into the page (untimed, ${cached ? 'cached workspace file' : "app's loaders"})`);
		const load = await page.evaluate(
			([dir, files, today, ws]) => window.__cseBench.loadPartnership(dir, files, today, ws),
			[p.dir, [...PARTNERSHIP_FILES], TODAY, cached ? `${p.dir}/${basename(canonical)}/workspace.cse` : null] as const
		);
		measures.app_load_ms = load.ms;
		measures.app_load_via = load.via;
		measures.concern_records = load.concerns;
		if (load.loaded.length) measures.files = load.loaded;
		if (load.concerns !== size) throw new Error(`loaded ${load.concerns} concern records, expected ${size}`);
		if (!cached) {
			rmSync(canonical, { recursive: true, force: true });
			const tmp = canonical + '.tmp';
			mkdirSync(tmp, { recursive: true });
			const fetchKept = async (key: string, size: number, file: string) => {
				const fd = openSync(file, 'w');
				try {
					for (let offset = 0; offset < size; offset += CHUNK) {
						const part = await page.evaluate(([k, o, l]) => window.__cseBench.chunk(k, o, l), [key, offset, CHUNK] as const);
						writeSync(fd, Buffer.from(part, 'base64'));
					}
				} finally {
					closeSync(fd);
				}
			};
			const sizes = await page.evaluate((t) => window.__cseBench.exportTables(t), [...MEASURE_TABLES]);
			for (const [table, bytes] of Object.entries(sizes)) await fetchKept(table, bytes, join(tmp, `${table}.csv`));
			await page.evaluate(() => window.__cseBench.forgetKept());
			// The workspace file only saves the next run the loading; if it fails (memory), go on without.
			try {
				await fetchKept('workspace', await page.evaluate(() => window.__cseBench.saveWorkspace()), join(tmp, 'workspace.cse'));
			} catch (err) {
				rmSync(join(tmp, 'workspace.cse'), { force: true });
				log(`  workspace file not saved: ${errorText(err)}`);
			}
			await page.evaluate(() => window.__cseBench.forgetKept());
			renameSync(tmp, canonical);
		}
		native = await nativeWorkspace(canonical, MEASURE_TABLES);
		measures.native_table_rows = native.counts;
		if (doMeasures && WAYS.includes('baseline')) {
			basePage = await benchPage(ctx);
			const parsed = await basePage.evaluate((u) => window.__cseBench.baselineLoadTables(u), `./bench-data/${p.dir}/${basename(canonical)}`);
			measures.baseline_parse_ms = parsed.parse_ms;
		}
		// The period: the latest complete one, as the Summary page opens (untimed; also warms up).
		const first = (await page.evaluate(([s, t]) => window.__cseBench.summaryApp(undefined as unknown as Period, s, t), [SCHEME, TODAY] as const)) as Timed<{ current: { period: Period } } | null>;
		if (!first.data) throw new Error('no complete period in the data');
		const period = first.data.current.period;
		measures.period = period.label;
		filter.period = period.label;

		const runs = { bNative: [] as number[], bApp: [] as number[], native: [] as number[], app: [] as number[], baseline: [] as number[], fNative: [] as number[], fApp: [] as number[] };
		let out: Partial<Record<keyof typeof runs, unknown>> = {};
		let memory: { peak: number; start: number } | null = null;
		let rebuildMemory: { peak: number; start: number } | null = null;
		const sampleMemory = size === Math.max(...SIZES) && size >= 100_000;
		const nativeEngine = native.engine;
		// Time per measure (the Summary's and, for native, which runs them one after another, the Trends page's).
		const breakdowns: Record<'native' | 'app' | 'fNative' | 'bNative' | 'bApp', Record<string, number>[]> = { native: [], app: [], fNative: [], bNative: [], bApp: [] };
		const nativeTimed = async <T>(key: 'native' | 'fNative', work: (engine: typeof nativeEngine) => Promise<T>): Promise<Timed<T>> => {
			const parts: Record<string, number> = {};
			const t0 = performance.now();
			const data = await work(timedByMeasure(nativeEngine, parts));
			const ms = performance.now() - t0;
			breakdowns[key].push(parts);
			return { ms, data };
		};
		// Each round first rebuilds the derived cohort tables (timed as their own row), so every
		// round's measures read tables built from the data in that round.
		const steps: [keyof typeof runs, boolean, () => Promise<Timed<unknown>>][] = [
			['bNative', WAYS.includes('native'), async () => {
				const t0 = performance.now();
				const parts = await cohortTablesRebuild(nativeEngine);
				breakdowns.bNative.push(parts);
				return { ms: performance.now() - t0, data: null };
			}],
			['bApp', WAYS.includes('app'), async () => {
				// The rebuild's memory too: at a million records it is the measures' largest piece of work.
				const sampler = sampleMemory ? startSampler() : null;
				const one = await page.evaluate(() => window.__cseBench.cohortTablesApp());
				const m = sampler?.stop();
				if (m && (!rebuildMemory || m.peak - m.start > rebuildMemory.peak - rebuildMemory.start)) rebuildMemory = m;
				breakdowns.bApp.push(one.parts);
				return one;
			}],
			['native', doMeasures && WAYS.includes('native'), () => nativeTimed('native', (e) => summary(e, { period, scheme: SCHEME, today: TODAY }))],
			['app', doMeasures && WAYS.includes('app'), async () => {
				const sampler = sampleMemory ? startSampler() : null;
				const one = await page.evaluate(([pp, s, t]) => window.__cseBench.summaryApp(pp, s, t), [period, SCHEME, TODAY] as const);
				const m = sampler?.stop();
				if (m && (!memory || m.peak - m.start > memory.peak - memory.start)) memory = m;
				breakdowns.app.push(one.parts);
				return one;
			}],
			['baseline', doMeasures && !!basePage, () => basePage!.evaluate(([pp, s, t]) => window.__cseBench.baselineSummary({ period: pp, scheme: s, today: t }), [period, SCHEME, TODAY] as const)],
			['fNative', doFilter && WAYS.includes('native'), () => nativeTimed('fNative', (e) => trendsMeasures(e, period, SCHEME, TRENDS_FILTER, false))],
			['fApp', doFilter && WAYS.includes('app'), () => page.evaluate(([pp, s, f]) => window.__cseBench.trendsApp(pp, s, f), [period, SCHEME, TRENDS_FILTER] as const)]
		];
		for (let round = -WARMUPS; round < REPS; round++) {
			log(`measures and filter ${size.toLocaleString('en-GB')}: ${round < 0 ? 'warm-up' : `round ${round + 1}/${REPS}`}`);
			out = {};
			for (const [way, on, work] of steps) {
				if (!on || errors[way]) continue;
				try {
					const one = await work();
					if (round >= 0) runs[way].push(one.ms);
					out[way] = one.data;
				} catch (err) {
					errors[way] = errorText(err);
					log(`  ${way} failed: ${errors[way]}`);
				}
			}
		}
		const t = (xs: number[]) => (xs.length ? summarise(xs) : null);
		const [n, a, b, fn, fa] = [t(runs.native), t(runs.app), t(runs.baseline), t(runs.fNative), t(runs.fApp)];
		const [bn, ba] = [t(runs.bNative), t(runs.bApp)];
		Object.assign(tables, timingFields('app', ba), timingFields('native', bn), ratios(ba, bn, null));
		if (ba && bn) tables.app_over_native_per_round = runs.bApp.map((x, i) => r2(x / runs.bNative[i]));
		Object.assign(measures, timingFields('app', a), timingFields('native', n), timingFields('baseline', b), ratios(a, n, b), target('measures', size, a?.median ?? null));
		if (a && n) measures.app_over_native_per_round = runs.app.map((x, i) => r2(x / runs.native[i]));
		if (a && b) measures.baseline_over_app_per_round = runs.app.map((x, i) => r2(runs.baseline[i] / x));
		if (out.app && out.native) measures.app_native_results_agree = canonicalJson(out.app) === canonicalJson(out.native);
		if (out.app && out.baseline) {
			measures.baseline_equals_app = canonicalJson(out.app) === canonicalJson(out.baseline);
			if (!measures.baseline_equals_app) measures.baseline_app_difference = firstDifference(out.app, out.baseline);
		}
		if (out.app) measures.app_current = (out.app as { current: unknown }).current;
		// Median time per measure over the timed rounds (the warm-up's breakdown is dropped).
		const perMeasure = (list: Record<string, number>[]) => (list.length > 1 ? medianParts(list.slice(1)) : undefined);
		measures.app_breakdown_ms = perMeasure(breakdowns.app);
		measures.native_breakdown_ms = perMeasure(breakdowns.native);
		filter.native_breakdown_ms = perMeasure(breakdowns.fNative);
		tables.app_breakdown_ms = perMeasure(breakdowns.bApp);
		tables.native_breakdown_ms = perMeasure(breakdowns.bNative);
		Object.assign(filter, timingFields('app', fa), timingFields('native', fn), ratios(fa, fn, null), target('filter', size, fa?.median ?? null));
		if (fa && fn) filter.app_over_native_per_round = runs.fApp.map((x, i) => r2(x / runs.fNative[i]));
		if (out.fApp && out.fNative) filter.app_native_results_agree = canonicalJson(out.fApp) === canonicalJson(out.fNative);
		filter.baseline_note = 'no baseline for the Trends filter change (optional in the brief; not written)';
		/** Renderer RSS during some rounds, as a case's memory fields. */
		const memoryFields = (sample: unknown, note: string) => {
			const m = sample as { peak: number; start: number } | null;
			return m ? { peak_mb: r1(m.peak / 2 ** 20), idle_mb: r1(m.start / 2 ** 20), peak_over_idle_mb: r1((m.peak - m.start) / 2 ** 20), memory_note: note } : {};
		};
		Object.assign(tables, memoryFields(rebuildMemory, "renderer RSS (all pages, the baseline page idle) during the app's rebuilds; the largest growth of the rounds"));
		Object.assign(measures, memoryFields(memory, "renderer RSS (all pages, the baseline page idle) during the app's Summary rounds; idle = with the partnership loaded"));
	} catch (err) {
		errors.case = errorText(err);
		log(`  measures case failed: ${errors.case}`);
	} finally {
		if (native) closeNative(native);
		await page.evaluate(() => window.__cseBench.closePartnership()).catch(() => undefined);
		await page.close().catch(() => undefined);
		await basePage?.close().catch(() => undefined);
	}
	if (Object.keys(errors).length) {
		measures.errors = errors;
		filter.errors = errors;
		tables.errors = errors;
	}
	return [tables, ...(doMeasures ? [measures] : []), ...(doFilter ? [filter] : [])];
}

/** A key for the cached workspace: the partnership's manifest and every file of the loaders' code and the schema. */
function loaderKey(partnershipPath: string): string {
	const hash = createHash('sha256').update(readFileSync(join(partnershipPath, 'manifest.json')));
	const walk = (dir: string): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
	for (const dir of ['src/lib/ingest', 'src/lib/db', 'src/lib/workspace-file', 'src/lib/geo']) {
		for (const f of walk(join(ROOT, dir)).sort()) hash.update(f.slice(ROOT.length)).update(readFileSync(f));
	}
	return hash.digest('hex').slice(0, 12);
}

/** Where two results first differ (a path and both values), to say why the baseline does not match. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
	if (canonicalJson(a) === canonicalJson(b)) return null;
	if (a && b && typeof a === 'object' && typeof b === 'object') {
		for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
			const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
			if (d) return d;
		}
	}
	return `${path}: app ${JSON.stringify(a)?.slice(0, 200)} baseline ${JSON.stringify(b)?.slice(0, 200)}`;
}

// ---------------------------------------------------------------------------------------------
// Case: Gi* and choropleth update on a synthetic grid
// ---------------------------------------------------------------------------------------------

async function gistarCases(ctx: Ctx): Promise<CaseResult[]> {
	const page = await benchPage(ctx);
	const out: CaseResult[] = [];
	try {
		for (const areas of GISTAR_SIZES) {
			log(`Gi* ${areas.toLocaleString('en-GB')} areas: warm-up + ${REPS} rounds`);
			const withBaseline = { neighbours: WAYS.includes('baseline') && areas <= NAIVE_NEIGHBOURS_MAX, update: WAYS.includes('baseline') };
			const r = await page.evaluate(([n, reps, wb]) => window.__cseBench.gistar(n, reps, wb), [areas, REPS, withBaseline] as const);
			const t = (xs: number[]) => (xs.length ? summarise(xs) : null);
			const [an, au, bn, bu] = [t(r.app.neighbours), t(r.app.update), t(r.baseline.neighbours), t(r.baseline.update)];
			const base = { size: r.areas, app_ms: null, native_ms: null, baseline_ms: null, app_over_native: null, baseline_over_app: null, reps: REPS, native_note: 'native DuckDB does not apply (the statistics are JavaScript, not SQL)' };
			const first: CaseResult = { ...base, name: 'hotspot neighbours, first time (queen contiguity + fingerprint)' };
			Object.assign(first, timingFields('app', an), timingFields('baseline', bn), ratios(an, null, bn));
			if (!bn) first.baseline_note = `naive O(n²) pairwise contiguity not run above ${NAIVE_NEIGHBOURS_MAX.toLocaleString('en-GB')} areas`;
			else first.baseline_neighbours_agree = r.neighbour_lists_agree;
			if (an && au) {
				first.first_draw_statistics_ms = r1(an.median + au.median);
				Object.assign(first, target('gistar', areas, an.median + au.median));
				first.target_note = 'target applied to neighbours first time + one update (the first map of a boundary set)';
			}
			const update: CaseResult = { ...base, name: 'Gi* and choropleth update (Gi*, breaks, disclosure)' };
			Object.assign(update, timingFields('app', au), timingFields('baseline', bu), ratios(au, null, bu), target('gistar', areas, au?.median ?? null));
			if (bu) update.baseline_max_z_difference = r.max_z_difference;
			if (au) update.app_breakdown_ms = medianParts(r.app.parts);
			out.push(first, update);
		}
	} finally {
		await page.close().catch(() => undefined);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Case: the map idle again after a choropleth update (MapLibre on SwiftShader)
// ---------------------------------------------------------------------------------------------

/** Areas at which the map case runs: issue 5's target is stated for 1,000. */
const MAP_IDLE_AREAS = 1_000;
const MAP_IDLE_TARGET_MS = 500;

async function mapIdleCase(ctx: Ctx): Promise<CaseResult> {
	const page = await benchPage(ctx);
	try {
		log(`map idle ${MAP_IDLE_AREAS.toLocaleString('en-GB')} areas: warm-up + ${REPS} rounds`);
		const r = await page.evaluate(([n, reps]) => window.__cseBench.mapIdle(n, reps), [MAP_IDLE_AREAS, REPS] as const);
		const t = summarise(r.update);
		const result: CaseResult = {
			name: 'choropleth update until the map is idle again (MapLibre)',
			size: r.areas, app_ms: null, native_ms: null, baseline_ms: null, app_over_native: null, baseline_over_app: null, reps: REPS,
			native_note: 'native DuckDB does not apply (drawing, not SQL)',
			baseline_note: 'no baseline: any map library would have to draw the same'
		};
		Object.assign(result, timingFields('app', t));
		result.app_breakdown_ms = medianParts(r.parts);
		result.target_ms = MAP_IDLE_TARGET_MS;
		result.target_met = t.median <= MAP_IDLE_TARGET_MS;
		result.over_target = Math.round((t.median / MAP_IDLE_TARGET_MS) * 100) / 100;
		return result;
	} finally {
		await page.close().catch(() => undefined);
	}
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function machine() {
	const pkg = (name: string) => {
		try {
			return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;
		} catch {
			return null;
		}
	};
	let chromiumVersion: string | null = null;
	try {
		chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		// reported as null
	}
	return {
		nproc: os.availableParallelism(),
		cpu: os.cpus()[0]?.model ?? null,
		memory_gb: r1(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()} ${os.arch()}`,
		node: process.version,
		chromium: chromiumVersion,
		duckdb_wasm: pkg('@duckdb/duckdb-wasm'),
		duckdb_node_api: pkg('@duckdb/node-api'),
		papaparse: pkg('papaparse'),
		date: new Date().toISOString(),
		mode: QUICK ? 'quick' : 'full',
		reps: REPS,
		warmups: WARMUPS,
		today: TODAY,
		/** Load averages (1, 5, 15 min) when the results were written: other work on the machine skews timings. */
		loadavg: os.loadavg().map(r2),
		loadavg_at_start: LOAD_AT_START
	};
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
	const kinds = EXPORT_KEYS.map((k) => {
		const kind = (EXPORTS as Record<string, ExportKind>)[k];
		if (!kind) throw new Error(`unknown export ${k} (known: ${Object.keys(EXPORTS).join(', ')})`);
		return kind;
	});
	for (const kind of kinds) for (const size of SIZES) await ensureDataset(CACHE, kind, size, log);

	log('building the bench page (bench/page → bench/.cache/page) from src/lib');
	const port = await freePort(4180);
	const config = benchViteConfig(join(CACHE, 'page'), join(CACHE, 'data'), port);
	await build(config);
	const server: PreviewServer = await preview(config);
	const base = `http://127.0.0.1:${port}`;
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const ctx: Ctx = { browser, base };
	const cases: CaseResult[] = [];
	const save = () =>
		writeFileSync(
			OUT,
			JSON.stringify({ machine: machine(), elapsed_s: Math.round((performance.now() - startedAt) / 1000), cases }, null, '\t') + '\n'
		);
	try {
		if (CASES.includes('start')) {
			cases.push(...(await engineStartCase(ctx)));
			save();
		}
		for (const kind of CASES.includes('import') ? kinds : []) {
			for (const size of SIZES) {
				try {
					cases.push(await importCase(ctx, kind, size));
				} catch (err) {
					cases.push({
						name: `import ${LABEL_FOR[kind.key]}`, size, app_ms: null, native_ms: null, baseline_ms: null,
						app_over_native: null, baseline_over_app: null, errors: { case: errorText(err) }
					});
				}
				save();
			}
		}
		for (const size of CASES.includes('measures') || CASES.includes('filter') ? SIZES : []) {
			cases.push(...(await measuresCases(ctx, size)));
			save();
		}
		if (CASES.includes('gistar')) {
			cases.push(...(await gistarCases(ctx)));
			save();
		}
		if (CASES.includes('map')) {
			try {
				cases.push(await mapIdleCase(ctx));
			} catch (err) {
				cases.push({ name: 'choropleth update until the map is idle again (MapLibre)', size: MAP_IDLE_AREAS, app_ms: null, native_ms: null, baseline_ms: null, app_over_native: null, baseline_over_app: null, errors: { case: errorText(err) } });
			}
			save();
		}
	} finally {
		await browser.close();
		await server.close();
	}
	save();
	console.log(table(cases));
	for (const c of cases) if (c.errors || c.error) console.log(`! ${c.name} ${c.size ?? ''}: ${JSON.stringify(c.errors ?? c.error)}`);
	log(`done; wrote ${OUT}`);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
