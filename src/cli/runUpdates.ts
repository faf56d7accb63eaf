import { describeEvent } from '../core/runs/describeEvent';
import type { RunUpdate } from '../core/runs/runSink';
import { connectionLine } from './format';
import type { Io } from './io';

/**
 * A followed run's updates in a terminal: events, phases and reconnections to stdout (and the
 * run's log lines with `logLines`), a failed write into the run's record (disk full) to stderr.
 */
export function printRunUpdate(command: string, io: Io, u: RunUpdate, opts: { logLines: boolean }): void {
  if (u.kind === 'event') {
    const text = describeEvent(u.event);
    if (text) io.out(`  ${text}`);
  } else if (u.kind === 'phase') {
    if (!opts.logLines) io.out(`  ${u.phase.replace('_', ' ')}…`);
  } else if (u.kind === 'connection') {
    io.out(connectionLine(u.state, u.detail));
  } else if (u.kind === 'log') {
    if (opts.logLines && !u.line.startsWith('[connection]')) io.out(u.line);
  } else if (u.kind === 'writeError') {
    io.err(`${command}: ${u.message}`);
  }
}
