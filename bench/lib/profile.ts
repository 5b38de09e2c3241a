/** Summarizes a V8 .cpuprofile: where the sampled time went, by function and by package. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface ProfileShare {
  name: string;
  percent: number;
}

function packageOf(url: string): string {
  if (url === '') return '(native/vm)';
  const nodeModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nodeModules?.[1]) return nodeModules[1];
  if (url.startsWith('node:')) return 'node core';
  const own = /\/(server|shared|bench)\/src\/(.*)$/.exec(url) ?? /\/(server|shared|bench)\/(.*)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.replace(/^.*\//, '');
}

/** Self time shares (of all samples, idle excluded) by function and by package/file. */
export function summarizeProfile(path: string, top = 10): { busyPercent: number; functions: ProfileShare[]; packages: ProfileShare[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += hits;
      continue;
    }
    const name = `${functionName || '(anonymous)'} ${url ? `${packageOf(url)}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    const pkg = functionName.startsWith('(') ? functionName : packageOf(url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
  }
  const busy = total - idle;
  const shares = (map: Map<string, number>): ProfileShare[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, percent: Number(((hits / Math.max(1, busy)) * 100).toFixed(1)) }));
  return { busyPercent: Number(((busy / Math.max(1, total)) * 100).toFixed(1)), functions: shares(byFunction), packages: shares(byPackage) };
}

export function printProfile(title: string, summary: ReturnType<typeof summarizeProfile>): void {
  console.log(`\n${title}: busy ${summary.busyPercent}% of samples; self time of busy samples by package, then by function:`);
  console.log(summary.packages.map((s) => `  ${s.percent.toFixed(1).padStart(5)}%  ${s.name}`).join('\n'));
  console.log(summary.functions.map((s) => `  ${s.percent.toFixed(1).padStart(5)}%  ${s.name}`).join('\n'));
}

/** Inclusive time shares (of busy samples): each function counted once per sample it is on the stack of. */
export function inclusiveShares(path: string, top = 20, filter: (name: string) => boolean = () => true): ProfileShare[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const totals = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)') continue;
    busy += hits;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame) break;
      const name = `${frame.functionName || '(anonymous)'} ${frame.url ? `${packageOf(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
      if (seen.has(name)) continue;
      seen.add(name);
      totals.set(name, (totals.get(name) ?? 0) + hits);
    }
  }
  return [...totals]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ name, percent: Number(((hits / Math.max(1, busy)) * 100).toFixed(1)) }));
}
