// Bolt and the WebClient log through @slack/logger's interface; this routes them into our pino
// logger (so redaction applies) at one level lower than they ask: Bolt is chatty at info.
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../lib/logger.ts';

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ module: 'slack-sdk' });
  let level = LogLevel.INFO;
  const text = (args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ');
  return {
    debug: (...args: unknown[]) => log.trace(text(args)),
    info: (...args: unknown[]) => log.debug(text(args)),
    warn: (...args: unknown[]) => log.warn(text(args)),
    error: (...args: unknown[]) => log.error(text(args)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
