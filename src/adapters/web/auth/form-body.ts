// A small urlencoded form body (the link and sign-out pages post plain HTML forms, which work
// without script). Bounded: these forms carry one short field at most.
import type http from 'node:http';
import { BodyError, readBoundedBody } from '../http-io.ts';

export async function readFormBody(req: http.IncomingMessage, maxBytes = 4096): Promise<URLSearchParams> {
  const type = req.headers['content-type'] ?? '';
  const body = await readBoundedBody(req, maxBytes);
  if (body.length === 0) return new URLSearchParams();
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new BodyError(415, 'send the form as application/x-www-form-urlencoded');
  return new URLSearchParams(body.toString('utf8'));
}
