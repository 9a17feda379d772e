/**
 * The benchmark page: the app's real modules (the engine in a Web Worker, the CSV prepare worker,
 * the import pipeline) driven from `window.__cseBench`, timed here with performance.now().
 *
 * The import is what the Import page does for a dropped file (src/lib/app/import-session):
 *   prepareInWorker (decode + staging text, in a worker) → inspectFile → importFile
 * with the export's saved mapping. The engine is wrapped only to time its calls (which step the
 * time goes to); the calls themselves go through unchanged.
 */
import { createBrowserEngine } from '$lib/db/browser';
import type { Engine } from '$lib/db/engine';
import { importFile, inspectFile } from '$lib/ingest/pipeline';
import { prepareInWorker } from '$lib/app/prepare-in-worker';
import { fingerprint } from '$lib/ingest/fingerprint';
import { removeImport } from '$lib/ingest/remove-import';
import * as SAMPLE_MAPPINGS from '$lib/ingest/sample-mappings';
import type { Mapping } from '$lib/ingest/mapping';
import { baselineImport } from './baseline';
import { measuresApi } from './measures';
import { mapIdle } from './map-idle';
import { baselineLoadTables, baselineSummary } from './baseline-measures';

declare global {
	interface Window {
		__cseBench: typeof api;
		gc?: () => void;
	}
}

const files = new Map<string, Uint8Array>();
let held: Engine | null = null;

function mappingNamed(name: string): Mapping {
	const m = (SAMPLE_MAPPINGS as unknown as Record<string, Mapping>)[name];
	if (!m || typeof m !== 'object' || !('fields' in m)) throw new Error(`no sample mapping ${name}`);
	return m;
}

/** Which step of the import a statement belongs to, for the breakdown. */
function stepOf(sql: string): string {
	if (/read_csv\(/.test(sql)) return 'sql_read_csv';
	if (/^\s*COMMIT/.test(sql)) return 'sql_commit';
	if (/^\s*INSERT INTO rejected_rows/.test(sql)) return 'sql_insert_rejected';
	// The conversion runs inside this insert (no table of converted rows since 2026-12-04).
	if (/^\s*INSERT INTO "(concerns|missing_episodes|locations|population)"/.test(sql)) return 'sql_insert_loaded';
	if (/information_schema\.columns|count\(\*\)::INTEGER AS n FROM ingest_stage/.test(sql)) return 'sql_stage_check';
	return 'sql_other';
}

/** When each step ran, to tell which step a long task on the main thread belongs to. */
type Interval = { key: string; start: number; end: number };

function timed(engine: Engine, parts: Record<string, number>, spans: Interval[]): Engine {
	const add = (key: string, t0: number) => {
		const end = performance.now();
		parts[key] = (parts[key] ?? 0) + end - t0;
		spans.push({ key, start: t0, end });
	};
	return {
		...engine,
		async query(sql, params) {
			const t0 = performance.now();
			try {
				return await engine.query(sql, params);
			} finally {
				add(stepOf(sql), t0);
			}
		},
		async exec(sql) {
			const t0 = performance.now();
			try {
				return await engine.exec(sql);
			} finally {
				add(stepOf(sql), t0);
			}
		},
		async registerFileText(name, text) {
			const t0 = performance.now();
			try {
				return await engine.registerFileText(name, text);
			} finally {
				add('register_file_text', t0);
			}
		},
		async registerFileBuffer(name, bytes) {
			const t0 = performance.now();
			try {
				return await engine.registerFileBuffer(name, bytes);
			} finally {
				add('register_file_buffer', t0);
			}
		},
		async dropFile(name) {
			const t0 = performance.now();
			try {
				return await engine.dropFile(name);
			} finally {
				add('drop_file', t0);
			}
		}
	} as Engine;
}

/** Long tasks on the page's main thread while `work` runs (the page must stay responsive). */
async function watchingLongTasks<T>(work: () => Promise<T>): Promise<{ value: T; tasks: { start: number; duration: number }[] }> {
	const tasks: { start: number; duration: number }[] = [];
	const keep = (list: PerformanceEntryList) => list.forEach((e) => tasks.push({ start: e.startTime, duration: e.duration }));
	const observer = new PerformanceObserver((list) => keep(list.getEntries()));
	observer.observe({ type: 'longtask', buffered: false });
	try {
		const value = await work();
		// Entries are delivered asynchronously; let the last ones arrive.
		await new Promise((r) => setTimeout(r, 50));
		keep(observer.takeRecords());
		return { value, tasks };
	} finally {
		observer.disconnect();
	}
}

/** The longest long task per step: each task goes to the step it overlaps most. */
function longTasksByStep(tasks: { start: number; duration: number }[], spans: Interval[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const t of tasks) {
		let best = 'between_steps';
		let most = 0;
		for (const s of spans) {
			const overlap = Math.min(s.end, t.start + t.duration) - Math.max(s.start, t.start);
			if (overlap > most) {
				most = overlap;
				best = s.key;
			}
		}
		out[best] = Math.round(Math.max(out[best] ?? 0, t.duration));
	}
	return out;
}

const round = (x: number) => Math.round(x * 10) / 10;

const api = {
	...measuresApi,
	mapIdle,
	baselineLoadTables,
	baselineSummary,

	/** Fetch a file once (not timed); returns its size in bytes. */
	async load(url: string): Promise<number> {
		if (!files.has(url)) {
			const res = await fetch(url);
			if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
			files.set(url, new Uint8Array(await res.arrayBuffer()));
		}
		return files.get(url)!.byteLength;
	},
	forget(url: string) {
		files.delete(url);
	},

	/** Engine start-up to ready: createBrowserEngine (worker, wasm instantiate, open, schema). */
	async engineStart(): Promise<{ ms: number }> {
		const t0 = performance.now();
		const engine = await createBrowserEngine();
		const ms = performance.now() - t0;
		await engine.close();
		return { ms: round(ms) };
	},

	/** Start a fresh engine (closing the one held, if any) and hold it for the next imports. */
	async openEngine(): Promise<{ ms: number }> {
		await held?.close();
		held = null;
		window.gc?.();
		const t0 = performance.now();
		held = await createBrowserEngine();
		return { ms: round(performance.now() - t0) };
	},
	async closeEngine(): Promise<void> {
		await held?.close();
		held = null;
		window.gc?.();
	},

	/**
	 * Import one export through the whole pipeline into the held engine (openEngine). Only the
	 * import is timed. Afterwards, untimed, the import is removed again with the app's own
	 * removeImport, so the next repetition imports into the same empty workspace.
	 */
	async importApp(url: string, mappingName: string, today: string) {
		const bytes = files.get(url);
		if (!bytes) throw new Error(`load ${url} first`);
		if (!held) throw new Error('openEngine first');
		const engine = held;
		const name = url.split('/').pop()!;
		const mapping = mappingNamed(mappingName);
		window.gc?.();
		const parts: Record<string, number> = {};
		const spans: Interval[] = [];
		const eng = timed(engine, parts, spans);
		const { value, tasks } = await watchingLongTasks(async () => {
			const t0 = performance.now();
			const prepared = await prepareInWorker(name, bytes);
			const t1 = performance.now();
			const inspection = await inspectFile(eng, { name, bytes, prepared });
			const t2 = performance.now();
			spans.push({ key: 'prepare_in_worker', start: t0, end: t1 }, { key: 'inspect', start: t1, end: t2 });
			// The inspection's own statements are in `inspect`; the breakdown below is the import's.
			for (const key of Object.keys(parts)) delete parts[key];
			const outcome = await importFile(eng, inspection, { mapping, today });
			const t3 = performance.now();
			return { outcome, prepare: t1 - t0, inspect: t2 - t1, importMs: t3 - t2, total: t3 - t0 };
		});
		const r = value.outcome.result;
		const sqlMs = Object.values(parts).reduce((a, b) => a + b, 0);
		await removeImport(engine, r.importId);
		// SHA-256 of the bytes (runImport fingerprints the file first), timed again on its own.
		const f0 = performance.now();
		await fingerprint(bytes);
		const fingerprintMs = performance.now() - f0;
		return {
			ms: round(value.total),
			read: r.rowsRead,
			loaded: r.rowsLoaded,
			rejected: r.rowsRejected,
			notices: value.outcome.notices,
			longest_task_ms: round(Math.max(0, ...tasks.map((t) => t.duration))),
			long_tasks_total_ms: round(tasks.reduce((a, t) => a + t.duration, 0)),
			longest_task_by_step_ms: longTasksByStep(tasks, spans),
			parts: Object.fromEntries(
				Object.entries({
					prepare_in_worker: value.prepare,
					inspect: value.inspect,
					...parts,
					// importFile's time outside the engine calls above: fingerprint, privacy plan, worker messaging
					js_and_messaging: value.importMs - sqlMs,
					fingerprint_alone: fingerprintMs
				}).map(([k, v]) => [k, round(v)])
			)
		};
	},

	/** The papaparse + plain JavaScript import a typical dashboard would have. */
	async importBaseline(url: string, mappingName: string, today: string) {
		const bytes = files.get(url);
		if (!bytes) throw new Error(`load ${url} first`);
		window.gc?.();
		const t0 = performance.now();
		const result = baselineImport(bytes, mappingNamed(mappingName), today);
		const ms = performance.now() - t0;
		return { ms: round(ms), read: result.read, loaded: result.loaded, rejected: result.rejected, parse_ms: round(result.parseMs) };
	}
};

window.__cseBench = api;
document.getElementById('status')!.textContent = 'ready';
