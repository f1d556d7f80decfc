// API_PROCESSES: several API processes behind one port (node:cluster), run as the real entry point.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { processShare } from '../src/processes.js';

const MAIN = new URL('../dist/main.js', import.meta.url).pathname;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** GET `path` on `agent`'s one keep-alive connection: the status and the connection's local port. */
function ask(agent: Agent, port: number, path: string): Promise<{ status: number; localPort: number }> {
  return new Promise((resolve, reject) => {
    get({ agent, host: '127.0.0.1', port, path }, (response) => {
      const localPort = (response.socket as Socket).localPort!;
      response.resume().on('end', () => resolve({ status: response.statusCode ?? 0, localPort }));
    }).on('error', reject);
  });
}

/** The processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

/** Which of `pids` holds the server end of the connection from `clientPort` to `serverPort` (from /proc). */
function ownerOf(connection: { clientPort: number; serverPort: number }, pids: number[]): number | undefined {
  const hexPort = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const lines = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1));
  const server = lines.map((line) => line.trim().split(/\s+/)).find((fields) => fields[1]?.endsWith(`:${hexPort(connection.serverPort)}`)
    && fields[2]?.endsWith(`:${hexPort(connection.clientPort)}`));
  if (server === undefined) return undefined;
  const socket = `socket:[${server[9]}]`;
  return pids.find((pid) => readdirSync(`/proc/${pid}/fd`).some((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === socket;
    } catch {
      return false;
    }
  }));
}

describe('processShare()', () => {
  it('gives each of several processes its share of the limits counted in memory, rounded up, and leaves the others', () => {
    const config = loadConfig({ API_PROCESSES: '3', VERIFY_REQUESTS_PER_MINUTE: '600', CITIZEN_DOWNLOADS_PER_MINUTE: '31', CITIZEN_TRIES_PER_MINUTE: '10' });
    const share = processShare(config);
    expect(share.api.verifyRequestsPerMinute).to.equal(200);
    expect(share.api.work.downloadsPerMinute).to.equal(11);
    expect(share.api.citizenTriesPerMinute).to.equal(10);
    expect({ ...share, api: { ...share.api, verifyRequestsPerMinute: 600, work: { ...share.api.work, downloadsPerMinute: 31 } } }).to.deep.equal(config);
  });

  it('leaves the limits of one process as they are', () => {
    const config = loadConfig({ VERIFY_REQUESTS_PER_MINUTE: '7' });
    expect(processShare(config)).to.equal(config);
  });
});

describe('API_PROCESSES: API processes behind one port', function () {
  this.timeout(90_000);
  let dataDir: string;
  let port: number;
  let primary: ChildProcess;
  let stderr: string;

  const start = (env: Record<string, string>) => {
    stderr = '';
    primary = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH ?? '', HEALTHCRED_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', API_PROCESSES: '2', ...env,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    primary.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  };
  const listening = async () => {
    const agent = new Agent({ keepAlive: false });
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      if (primary.exitCode !== null) throw new Error(`the API exited: ${stderr}`);
      if ((await ask(agent, port, '/health').catch(() => ({ status: 0 }))).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the API did not answer');
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'healthcred-processes-'));
    port = await freePort();
  });
  afterEach(async () => {
    if (primary.exitCode === null && primary.signalCode === null) {
      primary.kill('SIGTERM');
      await once(primary, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('negative', () => {
    it('exits 1 saying so when the API processes cannot start (the port is taken)', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(port, resolve));
      try {
        start({});
        const [code] = await once(primary, 'exit');
        expect(code).to.equal(1);
        expect(stderr).to.match(/healthcred api: An API process exited at start \(exit code \d+\); its message is above\.\n$/);
        expect(stderr).to.include(`healthcred api: PORT ${port} cannot be listened on (EADDRINUSE).\n`);
      } finally {
        taken.close();
      }
    });
  });

  it('answers from both processes, which share the wrong-try limit, replaces one that dies, and stops them all on SIGTERM', async function () {
    if (!existsSync('/proc/net/tcp')) {
      console.log('    NOTICE: no /proc here (not Linux): which process holds a connection cannot be seen; skipped.');
      this.skip();
    }
    start({ CITIZEN_TRIES_PER_MINUTE: '3' });
    await listening();
    const workers = childrenOf(primary.pid!);
    expect(workers).to.have.length(2);
    // Keep-alive connections until two are answered by different processes (the primary hands them out in turn, to
    // the processes listening: the second may still be starting when the first answers).
    const onProcess = new Map<number, Agent>();
    const agents: Agent[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && onProcess.size < 2;) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      agents.push(agent);
      const { status, localPort } = await ask(agent, port, '/health');
      expect(status).to.equal(200);
      const owner = ownerOf({ clientPort: localPort, serverPort: port }, workers);
      if (owner !== undefined && !onProcess.has(owner)) onProcess.set(owner, agent);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect([...onProcess.keys()].sort()).to.deep.equal([...workers].sort());
    const [first, second] = [...onProcess.values()] as [Agent, Agent];
    // Away from a minute's edge, where the count starts over.
    if (Date.now() % 60_000 > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - (Date.now() % 60_000)));
    const wrong = (agent: Agent, n: number) => ask(agent, port, `/certificates/AAAA-BBBB-CCC${n}?dob=1990-01-01`).then((a) => a.status);
    expect([await wrong(first, 1), await wrong(second, 2), await wrong(first, 3)]).to.deep.equal([404, 404, 404]);
    // One process alone counted one wrong try of this client: only a shared count refuses it here.
    expect(await wrong(second, 4)).to.equal(429);
    expect(await wrong(first, 5)).to.equal(429);
    for (const agent of agents) agent.destroy();

    // A process that dies is replaced; the port keeps answering meanwhile.
    process.kill(workers[0]!, 'SIGKILL');
    let now: number[] = [];
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      now = childrenOf(primary.pid!);
      if (now.length === 2 && !now.includes(workers[0]!)) break;
    }
    expect(now).to.have.length(2).and.not.include(workers[0]);
    await listening();

    primary.kill('SIGTERM');
    const [code] = await once(primary, 'exit');
    expect(code).to.equal(0);
    expect([...workers, ...now].filter((pid) => existsSync(`/proc/${pid}`))).to.deep.equal([]);
  });
});
