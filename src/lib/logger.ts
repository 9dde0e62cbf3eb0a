// pino logger; every object and message passes through redact() before it is written.
import { pino, type Logger } from 'pino';
import { redact, redactValue } from './redact.ts';

export type { Logger };

/** Create the root logger. `destination` is for tests; default stderr so stdout stays for command output. */
export function createLogger(level: string = 'info', destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'threadsql' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        log: (obj) => redactValue(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const safe = args.map((a) => (typeof a === 'string' ? redact(a) : a));
          return method.apply(this, safe as Parameters<typeof method>);
        },
      },
      serializers: { err: (e: unknown) => redactValue(e) },
    },
    (destination ?? pino.destination({ fd: 2, sync: true })) as pino.DestinationStream,
  );
}

/** A logger that writes nothing (tests, library use). */
export const silentLogger: Logger = pino({ level: 'silent' });
