/**
 * Synthetic agency exports for the benchmark, made with the project's own sample generator
 * (data-samples/generate.ts) and cut to an exact number of data rows, cached in bench/.cache/data.
 *
 * The generator writes every agency's file for N children; one export is kept, its header and
 * first `rows` data lines (the generated files have no multi-line quoted cells, so a line is a
 * record). Rows per child differ by export, so N is chosen from the export's ratio.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ExportKind {
	/** Short name used in file names and case names. */
	key: string;
	/** The generator's file name for this export. */
	generatedFile: string;
	/** Data rows per generated child, a little under what the generator gives (so one run is enough). */
	rowsPerChild: number;
}

export const EXPORTS = {
	csc: { key: 'csc', generatedFile: 'csc-seraf-assessments.csv', rowsPerChild: 1.25 },
	police: { key: 'police', generatedFile: 'police-cse-referrals.csv', rowsPerChild: 0.38 }
} satisfies Record<string, ExportKind>;

export interface Dataset {
	path: string;
	name: string;
	rows: number;
	bytes: number;
}

async function cut(source: string, target: string, rows: number): Promise<number> {
	const out = createWriteStream(target + '.tmp');
	const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
	let written = -1; // the header is line 0
	for await (const line of lines) {
		if (written >= rows) break;
		if (!out.write(line + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
		written++;
	}
	await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
	if (written < rows) {
		rmSync(target + '.tmp');
		return written;
	}
	renameSync(target + '.tmp', target);
	return written;
}

/** The export with exactly `rows` data rows, generated once and then read from the cache. */
export async function ensureDataset(cacheDir: string, kind: ExportKind, rows: number, log: (s: string) => void): Promise<Dataset> {
	const dataDir = join(cacheDir, 'data');
	mkdirSync(dataDir, { recursive: true });
	const name = `${kind.key}-${rows}.csv`;
	const path = join(dataDir, name);
	let children = Math.ceil(rows / kind.rowsPerChild);
	for (let attempt = 0; !existsSync(path); attempt++) {
		if (attempt > 3) throw new Error(`could not generate ${rows} rows of ${kind.generatedFile}`);
		const genDir = join(cacheDir, `gen-${kind.key}-${children}`);
		log(`generating ${kind.generatedFile} from ${children.toLocaleString('en-GB')} children (seed 1) for ${rows.toLocaleString('en-GB')} rows…`);
		execFileSync('npx', ['tsx', 'data-samples/generate.ts', '--children', String(children), '--seed', '1', '--out', genDir], {
			stdio: ['ignore', 'ignore', 'inherit']
		});
		const got = await cut(join(genDir, kind.generatedFile), path, rows);
		rmSync(genDir, { recursive: true, force: true });
		if (got < rows) children = Math.ceil(children * (rows / Math.max(got, 1)) * 1.05);
	}
	return { path, name, rows, bytes: statSync(path).size };
}
