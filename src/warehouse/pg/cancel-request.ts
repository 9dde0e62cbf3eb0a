// Cancels a running statement on the server the way psql's Ctrl-C does: a CancelRequest message on a
// fresh socket (protocol §53.2.9). It needs no pool slot, so it works even when every connection is busy.
import net from 'node:net';

export interface CancelTarget {
  host: string;
  port: number;
  processID: number;
  secretKey: number;
}

export function sendCancelRequest(target: CancelTarget, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    const socket = target.host.startsWith('/')
      ? net.connect(`${target.host}/.s.PGSQL.${target.port}`)
      : net.connect(target.port, target.host);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(timeoutMs, done);
    socket.on('error', done); // best effort: the statement timeout still ends the query
    socket.on('connect', () => {
      const msg = Buffer.alloc(16);
      msg.writeInt32BE(16, 0);
      msg.writeInt32BE(80877102, 4); // CancelRequest code
      msg.writeInt32BE(target.processID, 8);
      msg.writeInt32BE(target.secretKey, 12);
      socket.end(msg);
    });
    socket.on('close', done);
  });
}
