/**
 * The command line: the same pipeline, measures and loaders as the browser, on the Node engine.
 *
 *   npm run cli -- import FILE… --workspace DIR [--mapping NAME] [--key KEY] --json
 *   npm run cli -- measures (--samples | --workspace DIR) [--period LABEL] [--calendar] [--board] --json [--today YYYY-MM-DD]
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createNodeEngine } from '$lib/db/node';
import { hotspotsCommand, HOTSPOTS_USAGE } from './hotspots';
import { loadSamples } from '$lib/ingest/load-samples';
import { measuresCommand } from './measures';
import { importFile, inspectFile, needsMapping } from '$lib/ingest/pipeline';
import { listMappings } from '$lib/ingest/mapping-store';
import { SAMPLE_FILES } from '$lib/ingest/sample-mappings';
import { ImportError } from '$lib/ingest/errors';
import type { Engine } from '$lib/db/engine';
import { takeSnapshot } from '$lib/db/snapshot';
import { openWorkspaceDir, WORKSPACE_MANIFEST } from './workspace-dir';

const SAMPLES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data-samples/northbrook');

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  import FILE… --workspace DIR [--mapping NAME] [--key KEY] [--json]
      Import files into the workspace in DIR (created if missing) through the same pipeline as
      the Import page. Recognised files load directly; others use the saved mapping NAME (or one
      saved for their header). --key is the partnership key for pseudonymising case IDs.
  measures (--samples | --workspace DIR) [--period LABEL] [--calendar] [--board] [--threshold N]
           [--json] [--today YYYY-MM-DD]
      Print every measure for a period (default: the latest complete one), for the sample
      partnership or a workspace, as {"measures":[{"name","definition","rows"}]}. LABEL as the app
      writes periods: "Apr–Sep 2024", "Oct 2024–Mar 2025" or "Oct–Mar 2024/25" (a hyphen will do);
      with --calendar, calendar halves ("Jan–Jun 2024"). Exact figures unless --board, which prints
      only what a board paper may show (1 to N−1 as c, N = 6 unless --threshold). Exit code 2 for
      an unknown period.
${HOTSPOTS_USAGE}`;

/*
 * A workspace directory holds the store as a snapshot (manifest.json and one Arrow file per
 * table). It is read at the start of a command (openWorkspaceDir) and written back, whole, at the end.
 */

/** Write the workspace to `dir`: into a fresh folder first, then swapped in, so a crash never leaves half a workspace. */
async function saveWorkspace(engine: Engine, dir: string): Promise<void> {
	const { manifest, files } = await takeSnapshot(engine);
	const parent = path.dirname(path.resolve(dir));
	await mkdir(parent, { recursive: true });
	const fresh = await mkdtemp(path.join(parent, '.cse-profile-'));
	for (const [name, bytes] of Object.entries(files)) await writeFile(path.join(fresh, name), bytes);
	await writeFile(path.join(fresh, WORKSPACE_MANIFEST), JSON.stringify(manifest, null, 2));
	const old = `${path.resolve(dir)}.old-${process.pid}`;
	if (existsSync(dir)) await rename(dir, old);
	await rename(fresh, dir);
	await rm(old, { recursive: true, force: true });
}

interface FileReport {
	file: string;
	kind: string;
	read: number;
	loaded: number;
	rejected: number;
	reasons: Record<string, number>;
	duplicate?: boolean;
	notices?: string[];
	error?: string;
}

async function importCommand(args: string[]) {
	const workspaceDir = option(args, '--workspace');
	if (!workspaceDir) throw new Error('import needs --workspace DIR (the folder that keeps the imported data between commands).');
	const mappingName = option(args, '--mapping');
	const key = option(args, '--key') ?? null;
	const valueOptions = new Set(['--workspace', '--mapping', '--key', '--today']);
	const files = args.filter((a, i) => !a.startsWith('--') && !valueOptions.has(args[i - 1]));
	if (!files.length) throw new Error('import needs at least one FILE.');
	const engine = await openWorkspaceDir(workspaceDir);
	const reports: FileReport[] = [];
	try {
		const saved = await listMappings(engine);
		const known = [...saved, ...SAMPLE_FILES.flatMap((f) => (f.mapping === 'areas' ? [] : [f.mapping]))];
		const chosen = mappingName ? known.find((m) => m.name === mappingName) : undefined;
		if (mappingName && !chosen) {
			throw new Error(`No saved mapping is called "${mappingName}". Saved mappings: ${known.map((m) => m.name).join('; ') || 'none'}.`);
		}
		for (const file of files) {
			const name = path.basename(file);
			try {
				const inspection = await inspectFile(engine, { name, bytes: new Uint8Array(await readFile(file)) });
				if (needsMapping(inspection) && !chosen) {
					throw new Error('needs a mapping: its columns are not a layout CSE Profile knows. Map it once on the Import page, or pass --mapping NAME.');
				}
				const { result, notices } = await importFile(engine, inspection, { mapping: chosen, key, today: option(args, '--today') });
				reports.push({
					file: name, kind: result.kind, read: result.rowsRead, loaded: result.rowsLoaded, rejected: result.rowsRejected,
					reasons: await reasonCounts(engine, result.importId),
					...(result.duplicate ? { duplicate: true } : {}),
					...(notices.length ? { notices } : {})
				});
			} catch (err) {
				const message = err instanceof ImportError ? `${err.detail} ${err.advice}` : (err as Error).message;
				reports.push({ file: name, kind: 'not imported', read: 0, loaded: 0, rejected: 0, reasons: {}, error: message });
				process.exitCode = 1;
			}
		}
		await saveWorkspace(engine, workspaceDir);
	} finally {
		await engine.close();
	}
	if (args.includes('--json')) {
		process.stdout.write(JSON.stringify({ files: reports }) + '\n');
	} else {
		for (const r of reports) {
			process.stdout.write(r.error ? `${r.file}: not imported — ${r.error}\n`
				: `${r.file}: ${r.kind}, read ${r.read}, loaded ${r.loaded}, rejected ${r.rejected}${r.duplicate ? ' (already imported: nothing changed)' : ''}\n`);
		}
	}
}

/** How many rejected rows of an import failed each rule, by rule code. */
async function reasonCounts(engine: Engine, importId: number): Promise<Record<string, number>> {
	const rows = await engine.query<{ code: string; n: number }>(
		`SELECT split_part(reason, ':', 1) AS code, count(DISTINCT line)::INTEGER AS n
		 FROM (SELECT line, unnest(reasons) AS reason FROM rejected_rows WHERE import_id = ?) GROUP BY 1 ORDER BY 1`,
		[importId]
	);
	return Object.fromEntries(rows.map((r) => [r.code, r.n]));
}

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
}

async function measures(args: string[]) {
	const workspaceDir = option(args, '--workspace');
	if (!args.includes('--samples') && !workspaceDir) throw new Error('measures needs --samples or --workspace DIR.');
	const engine = workspaceDir ? await openWorkspaceDir(workspaceDir) : await createNodeEngine();
	try {
		if (!workspaceDir) await loadSamples(engine, async (name) => new Uint8Array(await readFile(path.join(SAMPLES_DIR, name))));
		await measuresCommand(engine, args);
	} finally {
		await engine.close();
	}
}

async function main(argv: string[]) {
	const [command, ...args] = argv;
	switch (command) {
		case 'measures':
			return measures(args);
		case 'import':
			return importCommand(args);
		case 'hotspots':
			return hotspotsCommand(args);
		default:
			process.stdout.write(USAGE);
			if (command && command !== '--help') process.exitCode = 2;
	}
}

main(process.argv.slice(2)).catch((err: Error) => {
	process.stderr.write(`cse-profile: ${err.message}\n`);
	if (process.env.DEBUG) console.error(err.stack);
	process.exitCode = 1;
});
