import { Agent, request } from 'node:http';

export type KeptAliveResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  reusedSocket: boolean;
};

/**
 * Requests over one keep-alive connection (an agent with a single socket), as a browser tab
 * sends them; `reusedSocket` tells whether a request went over the connection the one before used.
 */
export function keepAliveClient(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return {
    send(options: {
      path: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      chunks?: Buffer[];
    }): Promise<KeptAliveResponse> {
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            agent,
            method: 'POST',
            path: options.path,
            headers: { Host: `127.0.0.1:${port}`, ...options.headers },
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, reusedSocket: req.reusedSocket }));
          },
        );
        req.on('error', reject);
        // Without a Content-Length the body goes chunked: the server learns its size only by reading it.
        for (const chunk of options.chunks ?? []) req.write(chunk);
        req.end(options.body);
      });
    },
    close: () => agent.destroy(),
  };
}
