import type { Command } from 'commander';
import { AuditLog } from '../../pipeline/audit';
import { InputError } from '../../pipeline/errors';
import { action, EXIT } from '../kit';

/** `mangalab audit verify|report`: the hash-chained audit trail. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('The hash-chained audit trail (US-10.2).');
  audit
    .command('verify')
    .description('Check the audit trail: an edited, reordered or removed record (or a cut tail) is reported and exits 1.')
    .action(
      action(async () => {
        const log_ = new AuditLog();
        const r = log_.verify();
        for (const p of r.problems) process.stdout.write(`${p.seq === null ? 'log' : `record ${p.seq}`}: ${p.problem}\n`);
        process.stdout.write(r.ok ? `${log_.file}: ${log_.read().length} records, chain intact\n` : '');
        return r.ok ? EXIT.ok : EXIT.findings;
      }),
    );
  audit
    .command('report')
    .description('Print the trail between two days, optionally for one component (e.g. sagemaker:ENDPOINT, prompt:INTENT).')
    .option('--from <YYYY-MM-DD>', 'first day (UTC)')
    .option('--to <YYYY-MM-DD>', 'last day (UTC), inclusive')
    .option('--component <name>', 'only this component (prefix match)')
    .action(
      action(async (opts: { from?: string; to?: string; component?: string }) => {
        for (const [flag, v] of [
          ['--from', opts.from],
          ['--to', opts.to],
        ] as const)
          if (v && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new InputError(flag, `expected YYYY-MM-DD, got ${v}`);
        const rows = new AuditLog().between(opts.from, opts.to, opts.component);
        for (const r of rows) {
          process.stdout.write(
            `#${r.seq} ${r.at} ${r.who} ${r.component} ${r.action} ${r.old ?? '-'} -> ${r.new ?? '-'} ${r.outcome}${r.why ? ` why: ${r.why}` : ''}${r.ticket ? ` ticket: ${r.ticket}` : ''}${r.evalRunId ? ` eval: ${r.evalRunId} ${r.evalPassed ? 'PASS' : 'FAIL'}` : ''}\n`,
          );
        }
      }),
    );
}
