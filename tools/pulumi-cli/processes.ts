/**
 * The processes a command started, from /proc (Linux): killing the CLI with `kill -9` leaves its plugins
 * running, whereas a cancelled CI job or a closed terminal takes the whole tree down, which is the case the
 * crash scenarios reproduce.
 */
import { readdirSync, readFileSync } from "node:fs";

function children(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces; the parent pid is the 2nd field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      byParent.set(ppid, [...(byParent.get(ppid) ?? []), Number(entry)]);
    } catch {}
  }
  return byParent;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Every descendant of `root` (children first), or only those whose command line matches `only`. */
export function descendants(root: number, only?: RegExp): number[] {
  const byParent = children();
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return only ? out.filter((pid) => only.test(commandLine(pid))) : out;
}
