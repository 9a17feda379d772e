import adapter from '@sveltejs/adapter-static';

/**
 * Content-Security-Policy: scripts, workers and connections only to the app's own origin.
 *
 * The app is a static fallback page, so SvelteKit writes this as a `<meta http-equiv>` tag into
 * build/index.html (a static host sends no header) and, in `auto` mode, allows its one inline
 * bootstrap script by its SHA-256 hash (nonces need a server). A meta-tag policy cannot use
 * `frame-ancestors`, `report-uri` or `sandbox`; a host that can send headers should also send
 * `frame-ancestors 'none'`.
 *
 * Workers created from a same-origin URL (DuckDB's, the CSV prepare worker) get their own policy
 * from their own response, not from this page; `worker-src 'self'` decides which may be started.
 */
/** @type {NonNullable<import('@sveltejs/kit').KitConfig['csp']>['directives']} */
const CSP_DIRECTIVES = {
	// Anything not listed below: own origin only.
	'default-src': ['self'],
	// Own-origin scripts, plus SvelteKit's hash for the inline bootstrap (added automatically).
	// 'wasm-unsafe-eval' lets WebAssembly be compiled (DuckDB-wasm) without allowing eval().
	'script-src': ['self', 'wasm-unsafe-eval'],
	// DuckDB's worker, the CSV prepare worker and MapLibre's worker (its CSP build, set with
	// maplibregl.setWorkerUrl in src/lib/components/map/Map.svelte) are files served by the app:
	// no blob: workers, so nothing here needed widening for the map.
	'worker-src': ['self'],
	// fetch()/XHR: DuckDB's .wasm and the sample CSVs, all from the app's own origin.
	'connect-src': ['self'],
	'style-src': [
		'self',
		// Observable Plot puts one fixed <style> element in every chart's SVG (its default class
		// `plot-d6a7b5`: display, max-width and white-space rules). Allowed by the hash of that
		// exact text rather than 'unsafe-inline'. If a Plot upgrade changes the text, the browser
		// reports a CSP violation and the end-to-end guard fails: recompute the hash then.
		'sha256-jSYQUrW7J0b3jPqhZP9C2Xh1PyJKHKXd4s0fpGGKrww='
	],
	// Style attributes in markup: only SvelteKit's own route announcer (`#svelte-announcer`, a
	// visually hidden live region in its generated root component) has one, and it cannot be
	// moved to a stylesheet from here (sveltejs/kit#11993, #14247). 'unsafe-hashes' plus the hash
	// of that exact attribute value allows it and nothing else. Svelte's `style:` directives and
	// Plot's style option set CSSOM properties, which CSP does not restrict.
	'style-src-attr': ['unsafe-hashes', 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo='],
	// The favicon, from the app; blob: because a chart's PNG export loads the chart's own SVG, made
	// in the page, from a blob: URL into an <img> to paint it on a canvas (src/lib/export/chart-export.ts).
	// A blob: URL can only be made by this page's own script. No data: images are used.
	'img-src': ['self', 'blob:'],
	'font-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self']
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries keep whatever mode they were written in.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// A static single-page app: any static web server can host it, and there is no back end
		// to send data to. Every route falls back to index.html and renders in the browser.
		adapter: adapter({ fallback: 'index.html' }),
		csp: { mode: 'auto', directives: CSP_DIRECTIVES }
	}
};

export default config;
