/**
 * Vite config for the benchmark page (bench/page): the app's own modules, imported through the
 * same `$lib` alias, bundled the way the app bundles them (duckdb-wasm's wasm and worker files
 * as assets of the page's origin, the CSV prepare step as a module worker). Nothing in src/ is
 * changed or wrapped: the page calls the functions the Import page calls.
 *
 * The preview server also serves the generated CSVs under /bench-data/, so the page can fetch
 * them (untimed) before each measurement.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { InlineConfig, Plugin } from 'vite';

export const ROOT = resolve(import.meta.dirname, '..');
export const PAGE_DIR = join(ROOT, 'bench', 'page');

function serveData(dataDir: string): Plugin {
	return {
		name: 'bench-data',
		configurePreviewServer(server) {
			server.middlewares.use('/bench-data/', (req, res, next) => {
				// One file, or a file one folder down (a partnership's files: /bench-data/partnership-N/areas.csv).
				const parts = decodeURIComponent((req.url ?? '').split('?')[0]).split('/').filter(Boolean).map((p) => basename(p));
				if (parts.length < 1 || parts.length > 3 || parts.some((p) => p === '..' || p === '.')) return next();
				const file = join(dataDir, ...parts);
				if (!existsSync(file) || !statSync(file).isFile()) return next();
				res.setHeader('Content-Type', 'text/csv; charset=utf-8');
				res.setHeader('Content-Length', String(statSync(file).size));
				res.setHeader('Cache-Control', 'no-store');
				createReadStream(file).pipe(res);
			});
		}
	};
}

export function benchViteConfig(outDir: string, dataDir: string, port = 4180): InlineConfig {
	return {
		configFile: false,
		root: PAGE_DIR,
		base: './',
		logLevel: 'warn',
		resolve: { alias: { $lib: join(ROOT, 'src', 'lib') } },
		plugins: [serveData(dataDir)],
		worker: { format: 'es' },
		build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 10_000 },
		preview: { host: '127.0.0.1', port, strictPort: true }
	};
}
