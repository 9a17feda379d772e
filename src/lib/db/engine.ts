/**
 * The one interface the rest of the product uses to talk to DuckDB.
 *
 * Two implementations exist: `browser.ts` (DuckDB-wasm in a Web Worker, served from the app's own
 * origin) and `node.ts` (the same wasm build, in-process, for tests and the command line). Nothing
 * outside `src/lib/db/` imports duckdb-wasm, so measures and ingest code run unchanged in both.
 */

/**
 * A call on an engine after it was closed (the workspace was emptied, deleted or replaced while
 * work for the old one was still on its way). Callers that may be late treat it as "no answer".
 */
export class EngineClosedError extends Error {
	constructor() {
		super('The in-browser database this work was for has been closed (the workspace was replaced).');
		this.name = 'EngineClosedError';
	}
}

/** A value a query parameter may take. Values only: identifiers are never parameters. */
export type SqlParam = string | number | boolean | null;

/**
 * A plain JavaScript value as it leaves the engine. BIGINT and HUGEINT become `number`
 * (our counts never approach 2^53), DATE becomes `'YYYY-MM-DD'`, TIMESTAMP becomes an ISO string
 * without zone, LIST becomes an array and STRUCT a plain object.
 */
export type SqlValue = string | number | boolean | null | SqlValue[] | { [key: string]: SqlValue };
export type Row = Record<string, SqlValue>;

export interface Engine {
	/** Run one statement and return its rows. `params` bind to `?` placeholders in order. */
	query<T extends object = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
	/** Run one or more statements that return nothing we need (DDL, inserts). No parameters. */
	exec(sql: string): Promise<void>;
	/** Make `text` readable by SQL under `name`, e.g. `read_csv('name')`. */
	registerFileText(name: string, text: string): Promise<void>;
	/** Make `bytes` readable by SQL under `name`. The engine keeps its own copy. */
	registerFileBuffer(name: string, bytes: Uint8Array): Promise<void>;
	/** Forget a registered file and free its memory. */
	dropFile(name: string): Promise<void>;
	/** The bytes of a file DuckDB wrote, e.g. by `COPY … TO 'name'`. */
	copyFileToBuffer(name: string): Promise<Uint8Array>;
	/** Run a query and return its result as an Arrow IPC stream (typed, compact: for saving tables). */
	queryArrow(sql: string): Promise<Uint8Array>;
	/** Append an Arrow IPC stream to `table`, creating the table if it does not exist. */
	loadArrow(table: string, ipcStream: Uint8Array): Promise<void>;
	/** Close the connection and release the database (the worker, in the browser). */
	close(): Promise<void>;
}

/**
 * Settings every engine applies before anything else. DuckDB would otherwise fetch extensions
 * (such as ICU, for `current_date`) from extensions.duckdb.org on first use: data must never
 * leave the device, and in Node the fetch hangs. Pass today's date as a parameter instead.
 */
export const ENGINE_SETTINGS = `SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;`;

/** Quote an identifier for SQL. Identifiers never come from parameters, so they go through here. */
export function quoteIdent(name: string): string {
	return '"' + name.replaceAll('"', '""') + '"';
}

/** Quote a string literal. Only for places DuckDB does not accept parameters (e.g. file names in read_csv). */
export function quoteLiteral(value: string): string {
	return "'" + value.replaceAll("'", "''") + "'";
}
