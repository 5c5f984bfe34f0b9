/**
 * npm start / npm stop, as in generator-office projects: the dev server is the package.json script
 * `dev-server` and its port `config.dev_server_port`, both read with office-addin-cli (the same calls
 * office-addin-debugging makes).
 *  - Windows / macOS with office-addin-debugging installed (optional, `npm i -D office-addin-debugging
 *    office-addin-dev-certs`): `office-addin-debugging start manifest.xml desktop --app excel` builds,
 *    serves https on the port and sideloads manifest.xml into Excel; `npm stop` unloads it.
 *  - Anywhere else (Linux, no Excel): the same dev server over http in browser mode; no sudo, no
 *    certificates. `npm stop` (or Ctrl+C) stops it.
 * Options: --browser forces browser mode; PORT=… changes the port.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { getPackageJsonScript, parseNumber } from 'office-addin-cli';

const root = path.resolve(__dirname, '..');
const manifest = path.join(root, 'manifest.xml');
const pidFile = path.join(root, 'build', 'dev-server.pid');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

// Run outside npm (npx tsx scripts/start.ts) too: office-addin-cli reads scripts from npm_package_json.
process.env.npm_package_json ??= path.join(root, 'package.json');

export interface DevServer {
  command: string;
  port: number;
}

/** The `dev-server` script and port, as office-addin-debugging would take them. */
export async function devServer(env: NodeJS.ProcessEnv = process.env): Promise<DevServer> {
  const command = await getPackageJsonScript('dev-server');
  if (!command) throw new Error('package.json 缺少 dev-server 脚本');
  const port = parseNumber(env.PORT || env.npm_package_config_dev_server_port || '3000', 'PORT 应为数字');
  return { command, port: port ?? 3000 };
}

function resolvable(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

function sideload(ds: DevServer, verb: 'start' | 'stop'): never | void {
  const args = verb === 'start'
    ? ['office-addin-debugging', 'start', manifest, 'desktop', '--app', 'excel', '--dev-server', ds.command, '--dev-server-port', String(ds.port)]
    : ['office-addin-debugging', 'stop', manifest];
  if (verb === 'start') console.log('检测到 office-addin-debugging：以 https 启动开发服务器并旁加载到 Excel…');
  const r = spawnSync(npx, args, { stdio: 'inherit', cwd: root, env: { ...process.env, DEV_HTTPS: '1', PORT: String(ds.port) } });
  process.exit(r.status ?? 1);
}

function browserMode(ds: DevServer): void {
  const bin = path.join(root, 'node_modules', '.bin');
  const child = spawn(ds.command, {
    shell: true,
    stdio: 'inherit',
    cwd: root,
    detached: process.platform !== 'win32',
    env: { ...process.env, PORT: String(ds.port), PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
  });
  fs.mkdirSync(path.dirname(pidFile), { recursive: true });
  fs.writeFileSync(pidFile, String(process.pid));
  console.log(`决算助手（浏览器模式）正在启动： http://localhost:${ds.port}/`);
  console.log(`Excel 加载项页面：           http://localhost:${ds.port}/taskpane.html`);
  console.log('编译完成后在浏览器中打开上面的地址，选择或拖入 .xlsx 工作簿即可检查。按 Ctrl+C 或运行 npm stop 停止。');
  const stop = () => {
    try {
      if (child.pid) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code, signal) => {
    fs.rmSync(pidFile, { force: true });
    process.exit(signal ? 0 : code ?? 0);
  });
}

function stopBrowserMode(): void {
  if (!fs.existsSync(pidFile)) {
    console.log('没有正在运行的开发服务器。');
    return;
  }
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
    console.log(`已停止开发服务器（进程 ${pid}）。`);
  } catch {
    console.log('开发服务器已不在运行。');
  }
  fs.rmSync(pidFile, { force: true });
}

async function main(): Promise<void> {
  const verb = process.argv.includes('stop') ? 'stop' : 'start';
  const desktop = (process.platform === 'win32' || process.platform === 'darwin') && !process.argv.includes('--browser');
  const ds = await devServer();
  if (desktop && resolvable('office-addin-debugging')) sideload(ds, verb);
  else if (verb === 'stop') stopBrowserMode();
  else browserMode(ds);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`无法${process.argv.includes('stop') ? '停止' : '启动'}开发服务器：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
