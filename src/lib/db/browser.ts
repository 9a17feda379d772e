/**
 * DuckDB-wasm in the browser: a Web Worker running the wasm build, both served from the app's own
 * origin as Vite assets (never a CDN: nothing leaves the device, and workers from another origin
 * fail silently anyway).
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import { tableToIPC } from 'apache-arrow';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { ENGINE_SETTINGS, EngineClosedError, type Engine, type Row, type SqlParam } from './engine';
import { arrowToRows, type ArrowLikeTable } from './arrow-rows';
import { createSchema, tableExists } from './schema';
import { copyInSlices } from './copy-in-slices';

const BUNDLES: duckdb.DuckDBBundles = {
	mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
	eh: { mainModule: ehWasm, mainWorker: ehWorker }
};

export async function createBrowserEngine(): Promise<Engine> {
	const bundle = await duckdb.selectBundle(BUNDLES);
	const worker = new Worker(bundle.mainWorker!);
	const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
	await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
	await db.open({});
	const conn = await db.connect();

	// A workspace that is emptied, deleted or replaced closes its engine while work may still be
	// on its way to it (a background rebuild of the measures' tables, a page's measures for a view
	// already left). Once closed, every call fails here with EngineClosedError instead of reaching
	// DuckDB-wasm, whose terminated worker would log an error for each message.
	let closed = false;
	const live = () => {
		if (closed) throw new EngineClosedError();
	};

	const engine: Engine = {
		async query<T extends object = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
			live();
			if (params.length === 0) return arrowToRows<T>((await conn.query(sql)) as unknown as ArrowLikeTable);
			const stmt = await conn.prepare(sql);
			try {
				live();
				return arrowToRows<T>((await stmt.query(...params)) as unknown as ArrowLikeTable);
			} finally {
				if (!closed) await stmt.close();
			}
		},
		async exec(sql) {
			live();
			await conn.query(sql);
		},
		async registerFileText(name, text) {
			live();
			await db.registerFileText(name, text);
		},
		async registerFileBuffer(name, bytes) {
			// DuckDB-wasm transfers the buffer to its worker, which empties the caller's array; the
			// interface promises the caller keeps its bytes (a staged file is read again for the
			// mapping step and re-runs), so hand over a copy, made in slices so the page stays
			// responsive (one 100 MB copy blocked it for up to a third of a second).
			const copy = await copyInSlices(bytes);
			live();
			await db.registerFileBuffer(name, copy);
		},
		async dropFile(name) {
			live();
			await db.dropFile(name);
		},
		async copyFileToBuffer(name) {
			live();
			return db.copyFileToBuffer(name);
		},
		async queryArrow(sql) {
			live();
			return tableToIPC(await conn.query(sql), 'stream');
		},
		async loadArrow(table, ipcStream) {
			const create = !(await tableExists(engine, table));
			live();
			await conn.insertArrowFromIPCStream(ipcStream, { name: table, create });
		},
		async close() {
			if (closed) return;
			closed = true;
			await conn.close();
			await db.terminate();
		}
	};
	await engine.exec(ENGINE_SETTINGS);
	await createSchema(engine);
	return engine;
}
