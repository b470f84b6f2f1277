import { LoggerService } from '@backstage/backend-plugin-api';

export interface LogLine {
  level: string;
  message: string;
  meta: string;
}

/** A logger that keeps every line, to search them for secrets. */
export class RecordingLogger implements LoggerService {
  constructor(
    readonly lines: LogLine[] = [],
    private readonly fields: Record<string, unknown> = {},
  ) {}

  private log(level: string, message: string, meta?: Error | object) {
    const extra =
      meta instanceof Error
        ? `${meta.message} ${meta.stack ?? ''}`
        : JSON.stringify(meta ?? {});
    this.lines.push({
      level,
      message: String(message),
      meta: `${JSON.stringify(this.fields)} ${extra}`,
    });
  }

  error(message: string, meta?: Error | object) {
    this.log('error', message, meta);
  }
  warn(message: string, meta?: Error | object) {
    this.log('warn', message, meta);
  }
  info(message: string, meta?: Error | object) {
    this.log('info', message, meta);
  }
  debug(message: string, meta?: Error | object) {
    this.log('debug', message, meta);
  }
  child(meta: Record<string, unknown>): LoggerService {
    return new RecordingLogger(this.lines, { ...this.fields, ...meta });
  }

  text() {
    return this.lines.map(l => `${l.level} ${l.message} ${l.meta}`).join('\n');
  }
}
