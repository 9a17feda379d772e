/**
 * Staging: a CSV becomes a temporary table of text columns, one per header cell, in file order.
 * Every loader converts from here with SQL, so nothing is typed or dropped before validation.
 */
import type { Engine } from '$lib/db/engine';
import { ImportError } from './errors';
import type { SourceFile } from './import-run';

export const STAGE = 'ingest_stage';

/**
 * A staged row's line in the file: rowids follow the file's order, and temporary tables number
 * them from an offset, so count from the first. +2 makes it 1-based and skips the header line.
 */
export const LINE_NUMBER = `(${STAGE}.rowid - (SELECT min(rowid) FROM ${STAGE}) + 2)::INTEGER`;

export async function dropStage(engine: Engine): Promise<void> {
	await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
}

/** Stage a CSV as text columns; DuckDB sniffs the delimiter, quoting and line ends. */
export async function stageCsv(engine: Engine, file: SourceFile, registeredName: string): Promise<string[]> {
	await engine.registerFileBuffer(registeredName, file.bytes);
	try {
		await engine.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS
			SELECT * FROM read_csv('${registeredName}', header = true, all_varchar = true, sample_size = -1)`);
	} catch (err) {
		throw new ImportError(
			file.name,
			`could not be read as CSV (${(err as Error).message.split('\n')[0]}).`,
			'Check it is a comma-separated export with one header row; re-export it from the source system if unsure.'
		);
	} finally {
		await engine.dropFile(registeredName);
	}
	const cols = await engine.query<{ name: string }>(
		`SELECT column_name AS name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`,
		[STAGE]
	);
	return cols.map((c) => c.name);
}

