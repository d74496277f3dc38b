import { auditRecordLine, auditVerifyLines } from '../../jobs/render/text';
import type { Command } from 'commander';
import { AuditLog } from '../../pipeline/audit';
import { InputError } from '../../pipeline/errors';
import { action, EXIT, print } from '../kit';

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
        print(auditVerifyLines(log_.file, log_.recordCount(), r.problems));
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
        print(rows.map(auditRecordLine));
      }),
    );
}
