// A cheap HTTP client for load generation: node:http with a keep-alive agent, no fetch machinery.
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpClient {
  request(method: string, path: string, options?: { headers?: http.OutgoingHttpHeaders; body?: Buffer | string }): Promise<HttpAnswer>;
  /** Closes the agent's sockets. */
  close(): void;
}

export function createHttpClient(baseUrl: string, maxSockets: number, timeoutMs = 30_000): HttpClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    request(method, path, options = {}) {
      const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
      const headers: http.OutgoingHttpHeaders = { ...options.headers };
      if (body) headers['content-length'] = body.length;
      return new Promise<HttpAnswer>((resolve, reject) => {
        const request = http.request(
          { agent, host: url.hostname, port: url.port, method, path, headers, timeout: timeoutMs },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', reject);
            response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
        request.on('error', reject);
        request.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
