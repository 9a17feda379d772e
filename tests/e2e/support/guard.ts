/**
 * The "nothing leaves the device" guard, plus a check for page errors and console errors.
 *
 * `startGuard(context, appOrigin)` records, for every page and worker in a browser context:
 *  - every request (and WebSocket) whose URL is not `data:`/`blob:` and whose origin is not the
 *    app's origin;
 *  - uncaught errors (`weberror`, the context-wide form of `pageerror`, workers included);
 *  - console messages of type `error` (pages and dedicated workers), except a `/favicon.ico` 404.
 * `guardProblems(guard)` turns the record into failure messages; the fixture in `./test.ts`
 * asserts it is empty when each test ends.
 */
import type { BrowserContext, ConsoleMessage, Page, WebError } from '@playwright/test';

export interface Guard {
	readonly appOrigin: string;
	/** Off-origin URLs requested, as `METHOD url (resourceType)`. */
	readonly offOrigin: string[];
	/** The bare off-origin URLs, in request order (for assertions). */
	readonly offOriginUrls: string[];
	readonly pageErrors: string[];
	readonly consoleErrors: string[];
	/** Stop listening (the context's listeners are removed). */
	stop(): void;
}

/** True when a request to `url` would leave the device (not data:/blob:, not the app's origin). */
export function isOffOrigin(url: string, appOrigin: string): boolean {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return true; // unparseable: report it rather than let it through
	}
	if (u.protocol === 'data:' || u.protocol === 'blob:') return false;
	return u.origin !== new URL(appOrigin).origin;
}

function isFaviconIcoNotFound(msg: ConsoleMessage): boolean {
	const where = msg.location()?.url ?? '';
	let path = '';
	try {
		path = new URL(where).pathname;
	} catch {
		/* not a URL */
	}
	return path === '/favicon.ico' && /404|not found/i.test(msg.text());
}

function describeConsole(msg: ConsoleMessage): string {
	const loc = msg.location();
	const at = loc?.url ? ` (at ${loc.url}:${loc.lineNumber}:${loc.columnNumber})` : '';
	return `${msg.text()}${at}`;
}

function describeWebError(e: WebError): string {
	const err = e.error();
	return err.stack || `${err.name}: ${err.message}`;
}

export function startGuard(context: BrowserContext, appOrigin: string): Guard {
	const origin = new URL(appOrigin).origin;
	const offOrigin: string[] = [];
	const offOriginUrls: string[] = [];
	const pageErrors: string[] = [];
	const consoleErrors: string[] = [];

	const onRequest = (req: import('@playwright/test').Request) => {
		const url = req.url();
		if (isOffOrigin(url, origin)) {
			offOriginUrls.push(url);
			offOrigin.push(`${req.method()} ${url} (${req.resourceType()})`);
		}
	};
	const onWebSocket = (ws: import('@playwright/test').WebSocket) => {
		const url = ws.url();
		// A WebSocket to the app's own host uses ws(s):, a different scheme: compare host only.
		const u = new URL(url);
		const app = new URL(origin);
		if (u.host !== app.host) {
			offOriginUrls.push(url);
			offOrigin.push(`WEBSOCKET ${url}`);
		}
	};
	const onPage = (page: Page) => page.on('websocket', onWebSocket);
	const onConsole = (msg: ConsoleMessage) => {
		if (msg.type() !== 'error' || isFaviconIcoNotFound(msg)) return;
		consoleErrors.push(describeConsole(msg));
	};
	const onWebError = (e: WebError) => pageErrors.push(describeWebError(e));

	context.on('request', onRequest);
	context.on('page', onPage);
	for (const p of context.pages()) onPage(p);
	context.on('console', onConsole);
	context.on('weberror', onWebError);

	return {
		appOrigin: origin,
		offOrigin,
		offOriginUrls,
		pageErrors,
		consoleErrors,
		stop() {
			context.off('request', onRequest);
			context.off('page', onPage);
			for (const p of context.pages()) p.off('websocket', onWebSocket);
			context.off('console', onConsole);
			context.off('weberror', onWebError);
		}
	};
}

/** Failure messages for whatever the guard recorded; empty when the page behaved. */
export function guardProblems(guard: Guard): string[] {
	const out: string[] = [];
	if (guard.offOrigin.length)
		out.push(
			`Requests left the device (origin other than ${guard.appOrigin}):\n` +
				guard.offOrigin.map((r) => `  - ${r}`).join('\n')
		);
	if (guard.pageErrors.length)
		out.push(`Uncaught page errors:\n${guard.pageErrors.map((e) => `  - ${e}`).join('\n')}`);
	if (guard.consoleErrors.length)
		out.push(`Console errors:\n${guard.consoleErrors.map((e) => `  - ${e}`).join('\n')}`);
	return out;
}
