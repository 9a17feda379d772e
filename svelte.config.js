import adapter from '@sveltejs/adapter-static';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Runes everywhere in our code; libraries keep whatever mode they were written in.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// A static single-page app: any static web server can host it, and there is no back end
		// to send data to. Every route falls back to index.html and renders in the browser.
		adapter: adapter({ fallback: 'index.html' })
	}
};

export default config;
