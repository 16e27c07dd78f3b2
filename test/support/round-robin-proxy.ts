import { once } from 'node:events';
import { Agent, createServer, request, type IncomingMessage, type Server } from 'node:http';

// A small round-robin HTTP proxy (node:http) in front of several instances of the service: each request
// goes to the next backend in turn, as a load balancer without affinity would send it. A backend that
// refuses the connection (down) is skipped for the next one — the request never reached it, so this is
// safe for a POST too (nginx's proxy_next_upstream error); any other failure answers 502, and the client
// does not know whether the request was served.

export interface RoundRobinProxy {
  url: string;
  /** Requests answered by each backend, in the order the backends were given. */
  served: number[];
  /** Requests sent on to another backend because one refused the connection. */
  failovers: number;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const targets = backends.map((b) => new URL(b));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const proxy: RoundRobinProxy = { url: '', served: targets.map(() => 0), failovers: 0, close: async () => {} };
  let next = 0;
  const server: Server = createServer(async (req, res) => {
    const body = await bodyOf(req);
    const send = (tries: number) => {
      const i = next;
      next = (next + 1) % targets.length;
      const target = targets[i];
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' }, agent },
        (answer) => {
          proxy.served[i]++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'ECONNREFUSED' && tries < targets.length) {
          proxy.failovers++;
          return send(tries + 1);
        }
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bad gateway: ${err.message}`);
      });
      upstream.end(body);
    };
    send(1);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  proxy.url = `http://127.0.0.1:${port}`;
  proxy.close = async () => {
    server.closeAllConnections();
    server.close();
    agent.destroy();
  };
  return proxy;
}
