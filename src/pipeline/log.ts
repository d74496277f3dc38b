/**
 * The workbench's logger: one line per event on stderr, so stdout stays clean for data
 * (`mangalab query --format csv > out.csv`). Level from MANGALAB_LOG (debug, info, warn, error, silent).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Words that look like secrets are masked before anything is written. */
const SECRET_PATTERNS: RegExp[] = [
  /(aws_secret_access_key|secret|password|token|authorization)(\s*[=:]\s*)([^\s,;]+)/gi,
  /\bAKIA[0-9A-Z]{16}\b/g,
];

export function maskSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (_m, key?: string, sep?: string) => (sep !== undefined ? `${key}${sep}***` : '***'));
  }
  return out;
}

export function createLogger(
  level: LogLevel = (process.env.MANGALAB_LOG as LogLevel | undefined) ?? 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const threshold = ORDER[level] ?? ORDER.info;
  const emit = (lvl: Exclude<LogLevel, 'silent'>, message: string) => {
    if (ORDER[lvl] < threshold) return;
    const prefix = lvl === 'info' ? '' : `${lvl}: `;
    write(`${prefix}${maskSecrets(message)}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
}

export const log: Logger = createLogger();
