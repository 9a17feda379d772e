/**
 * `npm run bench [-- --quick] [--reps N] [--exports csc,police] [--sizes 10000,100000] [--ways native,app,baseline] [--cases start,import] [--out FILE]`
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
 * Cases so far: engine start-up to ready; import of one agency export through the whole pipeline.
 * A new case is a function returning CaseResult rows (see report.ts), called from main() below.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from '@playwright/test';
import * as SAMPLE_MAPPINGS from '$lib/ingest/sample-mappings';
import type { Mapping } from '$lib/ingest/mapping';
import { benchViteConfig, ROOT } from './vite-config';
import { ensureDataset, EXPORTS, type Dataset, type ExportKind } from './data';
import { nativeImport, nativeStart } from './native';
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
/** Which cases to run: `start` (engine start-up) and `import`. */
const CASES = option('cases', 'start,import').split(',');
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
			const sampler = sampleMemory && (freshEngines || round === -1) ? startSampler() : null;
			const one = (await page.evaluate(([u, m, t]) => window.__cseBench.importApp(u, m, t), args)) as AppImport;
			appMemory = keepHighest(sampler?.stop(), appMemory);
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
	const bMemory = baselineMemory as Memory | null;
	if (bMemory) result.baseline_peak_over_idle_mb = r1((bMemory.peak - bMemory.start) / 2 ** 20);
	const a = result.app_counts as { read: number; loaded: number } | undefined;
	const n = result.native_counts as { read: number; loaded: number } | undefined;
	if (a && n) result.app_native_counts_agree = a.read === n.read && a.loaded === n.loaded;
	if (Object.keys(errors).length) result.errors = errors;
	return result;
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
