// Every command and subcommand has a description and renders its --help (as a new user would try them all).
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/index';
import { mangalab } from './helpers';

function walk(cmd: Command, path: string[] = []): { path: string[]; cmd: Command }[] {
  return cmd.commands.flatMap((c) => [{ path: [...path, c.name()], cmd: c }, ...walk(c, [...path, c.name()])]);
}

describe('mangalab --help', () => {
  const all = walk(buildProgram());

  it('covers every command group and job', () => {
    const names = all.map((c) => c.path.join(' '));
    expect(names).toEqual(
      expect.arrayContaining([
        'seed',
        'golden check',
        'eval',
        'report weekly',
        'report experiment',
        'report cost',
        'report drift',
        'report errors',
        'deploy rollback',
        'prompt set',
        'audit verify',
        'rollup refresh',
        'query',
        'trace',
        'human import',
        'privacy delete-plan',
      ]),
    );
    expect(all.length).toBeGreaterThan(35);
  });

  it('gives every command a description and a help text naming its usage and options', () => {
    for (const { path, cmd } of all) {
      expect(cmd.description(), path.join(' ')).not.toBe('');
      const help = cmd.helpInformation();
      expect(help, path.join(' ')).toMatch(new RegExp(`^Usage: mangalab ${path.join(' ')}`));
      for (const o of cmd.options) expect(help, `${path.join(' ')} ${o.flags}`).toContain(o.flags);
    }
  });

  it('lists only its own options for each report job', () => {
    const job = (name: string) => all.find((c) => c.path.join(' ') === `report ${name}`)!.cmd.options.map((o) => o.long);
    expect(job('weekly')).not.toContain('--day');
    expect(job('experiment')).not.toContain('--week');
    expect(job('drift')).not.toContain('--week');
    expect(job('cost')).toEqual(expect.arrayContaining(['--week', '--day', '--month', '--what-if', '--config']));
    const r = mangalab('report', 'drift', '--week', '2026-W46');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--week: this option belongs to report weekly and report cost and report errors/);
  });
});
