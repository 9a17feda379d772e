/**
 * DuckDB-wasm in Node, for tests and the command line: the same wasm build the browser runs,
 * loaded in-process through duckdb-wasm's synchronous ("blocking") API.
 */
import { createRequire } from 'node:module';
import { ENGINE_SETTINGS, EngineClosedError, type Engine, type Row, type SqlParam } from './engine';
import { arrowToRows, type ArrowLikeTable } from './arrow-rows';
import { createSchema, tableExists } from './schema';

const require = createRequire(import.meta.url);

export interface NodeEngineOptions {
	/** Create or migrate the canonical schema (default true). */
	schema?: boolean;
}

export async function createNodeEngine(options: NodeEngineOptions = {}): Promise<Engine> {
	const duckdb = await import('@duckdb/duckdb-wasm/blocking');
	const bundles = {
		mvp: {
			mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'),
			mainWorker: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-mvp.worker.cjs')
		},
		eh: {
			mainModule: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'),
			mainWorker: require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-eh.worker.cjs')
		}
	};
	const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
	await db.instantiate();
	// In memory: duckdb-wasm's database files do not survive reopening in Node, so workspaces are
	// saved as Arrow snapshots instead (see snapshot.ts).
	db.open({});
	const conn = db.connect();
	// As in browser.ts: a closed engine refuses work instead of reaching the reset database.
	let closed = false;
	const live = () => {
		if (closed) throw new EngineClosedError();
	};

	const engine: Engine = {
		async query<T extends object = Row>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
			live();
			if (params.length === 0) return arrowToRows<T>(conn.query(sql) as unknown as ArrowLikeTable);
			const stmt = conn.prepare(sql);
			try {
				return arrowToRows<T>(stmt.query(...params) as unknown as ArrowLikeTable);
			} finally {
				stmt.close();
			}
		},
		async exec(sql) {
			live();
			conn.query(sql);
		},
		async registerFileText(name, text) {
			db.registerFileText(name, text);
		},
		async registerFileBuffer(name, bytes) {
			db.registerFileBuffer(name, bytes);
		},
		async dropFile(name) {
			db.dropFile(name);
		},
		async copyFileToBuffer(name) {
			return db.copyFileToBuffer(name);
		},
		async queryArrow(sql) {
			// The result is a Table from duckdb-wasm's own (CommonJS) Arrow, so serialise it with that copy.
			const arrow = require('apache-arrow') as typeof import('apache-arrow');
			return arrow.tableToIPC(conn.query(sql) as unknown as import('apache-arrow').Table, 'stream');
		},
		async loadArrow(table, ipcStream) {
			// The wasm build reads Arrow through its own (CommonJS) copy of apache-arrow, so hand it
			// bytes, never a Table object from ours: a foreign Table is silently inserted as nothing.
			const create = !(await tableExists(engine, table));
			conn.insertArrowFromIPCStream(ipcStream, { name: table, create });
		},
		async close() {
			if (closed) return;
			closed = true;
			conn.close();
			db.reset();
		}
	};
	await engine.exec(ENGINE_SETTINGS);
	if (options.schema !== false) await createSchema(engine);
	return engine;
}
