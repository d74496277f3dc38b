/**
 * A progress line on stderr for long work. Silent when stderr is not a terminal (scheduled jobs, CI, pipes).
 */
export interface Progress {
  step(label: string): void;
  done(): void;
}

export function progress(total: number, title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const enabled = Boolean(stream.isTTY) && process.env.CI !== 'true';
  let current = 0;
  const started = Date.now();
  const draw = (label: string) => {
    if (!enabled) return;
    const width = 24;
    const filled = Math.round((current / Math.max(total, 1)) * width);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    stream.write(`\r${title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${current}/${total} ${label} ${secs}s\x1b[K`);
  };
  return {
    step(label: string) {
      current += 1;
      draw(label);
    },
    done() {
      if (enabled) stream.write('\n');
    },
  };
}
