/**
 * Vite plugin: the sample partnership as one prebuilt workspace file, served from the app's own
 * origin. `import url from 'virtual:cse-sample-workspace'` gives its URL: an emitted asset in a
 * build, a middleware path on the dev server.
 *
 * The file is made by `sample-workspace.ts` in a child process (tsx, which resolves `$lib` from
 * tsconfig; this config file cannot), lazily, the first time the module is asked for, and once
 * per process (Kit evaluates this config more than once in a build, hence the global memo); a
 * unit-test run never asks. The server build gets an empty URL: the app never renders on the
 * server (`ssr = false`), and one copy of the file is enough.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Plugin } from 'vite';

const VIRTUAL_ID = 'virtual:cse-sample-workspace';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const DEV_PATH = '/@cse/sample-workspace.cseworkspace';
const ASSET_NAME = 'northbrook.cseworkspace';
/** Loading the samples in Node takes 2–4 s; a busy machine may need several times that. */
const BUILD_TIMEOUT_MS = 120_000;

const MEMO = Symbol.for('cse-profile.sample-workspace');
type Memo = { [MEMO]?: Promise<Buffer> };

export function sampleWorkspace(): Plugin {
	let root = process.cwd();
	let command: 'build' | 'serve' = 'build';

	const build = () =>
		((globalThis as Memo)[MEMO] ??= (async () => {
			const dir = await mkdtemp(path.join(tmpdir(), 'cse-sample-workspace-'));
			const out = path.join(dir, ASSET_NAME);
			try {
				const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
				await promisify(execFile)(tsx, ['data-samples/sample-workspace.ts', out], { cwd: root, timeout: BUILD_TIMEOUT_MS });
				return await readFile(out);
			} finally {
				await rm(dir, { recursive: true, force: true });
			}
		})());

	return {
		name: 'cse-sample-workspace',
		configResolved(config) {
			root = config.root;
			command = config.command;
		},
		resolveId(id) {
			return id === VIRTUAL_ID ? RESOLVED_ID : undefined;
		},
		async load(id, options) {
			if (id !== RESOLVED_ID) return undefined;
			if (options?.ssr) return `export default '';`;
			if (command === 'serve') return `export default ${JSON.stringify(DEV_PATH)};`;
			const ref = this.emitFile({ type: 'asset', name: ASSET_NAME, source: await build() });
			return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
		},
		configureServer(server) {
			server.middlewares.use(DEV_PATH, (_req, res, next) => {
				build().then(
					(file) => {
						res.setHeader('Content-Type', 'application/octet-stream');
						res.end(file);
					},
					(err: unknown) => next(err)
				);
			});
		}
	};
}
