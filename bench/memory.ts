/**
 * Memory of the page, read from outside: the resident set (RSS) of Chromium's renderer
 * processes started by this benchmark (the page, its DuckDB worker and the prepare worker all
 * live in the renderer), sampled from /proc while an import runs. Chromium's in-page APIs do not
 * see the workers' WebAssembly memory, and `measureUserAgentSpecificMemory` needs cross-origin
 * isolation; the renderer's RSS is what the operating system has to find for the tab.
 * Linux only; elsewhere the sampler reports null.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

function children(): Map<number, number[]> {
	const byParent = new Map<number, number[]>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const list = byParent.get(ppid) ?? [];
			list.push(Number(entry));
			byParent.set(ppid, list);
		} catch {
			// the process ended while we looked
		}
	}
	return byParent;
}

/** Renderer processes descending from this Node process (Chromium launched by Playwright). */
export function rendererPids(): number[] {
	if (!existsSync('/proc/self/stat')) return [];
	const tree = children();
	const out: number[] = [];
	const stack = [process.pid];
	while (stack.length) {
		const pid = stack.pop()!;
		for (const child of tree.get(pid) ?? []) {
			stack.push(child);
			try {
				if (readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('--type=renderer')) out.push(child);
			} catch {
				// gone
			}
		}
	}
	return out;
}

function rssBytes(pid: number): number {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : 0;
	} catch {
		return 0;
	}
}

export function rendererRss(pids: number[]): number {
	return pids.reduce((sum, pid) => sum + rssBytes(pid), 0);
}

/** Sample the renderers' total RSS every `everyMs` until stopped; returns the peak in bytes. */
export function startSampler(everyMs = 25): { stop: () => { peak: number; start: number } | null } {
	const pids = rendererPids();
	if (pids.length === 0) return { stop: () => null };
	const start = rendererRss(pids);
	let peak = start;
	const timer = setInterval(() => {
		peak = Math.max(peak, rendererRss(pids));
	}, everyMs);
	return {
		stop() {
			clearInterval(timer);
			peak = Math.max(peak, rendererRss(pids));
			return { peak, start };
		}
	};
}
