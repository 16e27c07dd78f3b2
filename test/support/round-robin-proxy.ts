import { once } from 'node:events';
import { Agent, createServer, request, type Server } from 'node:http';

// A small round-robin HTTP proxy (node:http) in front of several instances of the service: each request
// goes to the next backend in turn, as a load balancer without affinity would send it. A backend that
// refuses the connection answers 502 (the client sees what it would behind nginx).

export interface RoundRobinProxy {
  url: string;
  /** Requests sent to each backend, in the order the backends were given. */
  served: number[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: string[]): Promise<RoundRobinProxy> {
  const targets = backends.map((b) => new URL(b));
  const served = targets.map(() => 0);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const server: Server = createServer((req, res) => {
    const i = next;
    next = (next + 1) % targets.length;
    served[i]++;
    const target = targets[i];
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`bad gateway: ${err.message}`);
    });
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    async close() {
      server.closeAllConnections();
      server.close();
      agent.destroy();
    },
  };
}
