// A local fake of Slack's Socket Mode server (https://docs.slack.dev/apis/events-api/using-socket-mode)
// on 127.0.0.1: the WebSocket URL that apps.connections.open hands out (the Web API fake answers it
// with this fake's `url`). On each connection it sends `hello`; tests then push envelopes
// (`events_api`, `slash_commands`, `interactive`) and get back the app's acknowledgement: a message
// `{ envelope_id, payload? }` naming the envelope. Shapes from the page above and from
// @slack/socket-mode's SocketModeClient (onWebSocketMessage, send), which is what reads them.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export interface SlackSocketFake {
  /** ws://127.0.0.1:<port>/link/?ticket=… as apps.connections.open returns it (wss:// in production). */
  url: string;
  /** Connections opened so far (each got a hello). */
  readonly connections: number;
  /** Every message the app sent back, in order. */
  acks: SocketAck[];
  /** Resolves once an app is connected and has been sent its hello. */
  connected(timeoutMs?: number): Promise<void>;
  /**
   * Send one envelope to the connected app; resolves with its ack and how long that took.
   * Rejects if no ack naming this envelope arrives within `timeoutMs`.
   */
  send(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>, options?: { retryAttempt?: number; envelopeId?: string; timeoutMs?: number }): Promise<{ ack: SocketAck; ms: number }>;
  close(): Promise<void>;
}

export async function startSlackSocketFake(): Promise<SlackSocketFake> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const events = new EventEmitter();
  events.setMaxListeners(1000);
  const acks: SocketAck[] = [];
  let current: WebSocket | undefined;
  let connections = 0;

  server.on('connection', (socket) => {
    connections++;
    current = socket;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const ack = JSON.parse(text) as SocketAck;
      acks.push(ack);
      events.emit('ack', ack);
    });
    socket.on('close', () => {
      if (current === socket) current = undefined;
    });
    // What Slack sends first; the client resolves start() on it.
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake-0', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0FAKEAPP' },
      }),
    );
    events.emit('connected');
  });

  return {
    url: `ws://127.0.0.1:${port}/link/?ticket=fake-ticket&app_id=A0FAKEAPP`,
    get connections() {
      return connections;
    },
    acks,
    connected(timeoutMs = 10_000) {
      if (current) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Socket Mode fake: no connection')), timeoutMs);
        events.once('connected', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    send(type, payload, options = {}) {
      const socket = current;
      if (!socket) return Promise.reject(new Error('Socket Mode fake: nothing connected'));
      const envelopeId = options.envelopeId ?? randomUUID();
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const onAck = (ack: SocketAck) => {
          if (ack.envelope_id !== envelopeId) return;
          cleanup();
          resolve({ ack, ms: performance.now() - started });
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Socket Mode fake: no ack for ${type} envelope ${envelopeId}`));
        }, options.timeoutMs ?? 10_000);
        const cleanup = () => {
          clearTimeout(timer);
          events.off('ack', onAck);
        };
        events.on('ack', onAck);
        const envelope =
          type === 'events_api'
            ? { envelope_id: envelopeId, payload, type, accepts_response_payload: false, retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryAttempt ? 'timeout' : '' }
            : { envelope_id: envelopeId, payload, type, accepts_response_payload: true };
        socket.send(JSON.stringify(envelope));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
