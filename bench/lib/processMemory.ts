import { readFileSync } from 'node:fs';

/** A `kB` line of /proc/<pid>/status (Linux), in bytes; null if the process is gone or this is not Linux. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A process's resident set size now (VmRSS), in bytes, or null. */
export function readRss(pid: number): number | null {
  return statusBytes(pid, 'VmRSS');
}

/** The largest resident set size a process has had (VmHWM), in bytes, or null. */
export function readPeakRss(pid: number): number | null {
  return statusBytes(pid, 'VmHWM');
}
