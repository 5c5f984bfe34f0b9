/**
 * npm start
 *  - Windows / macOS with office-addin-debugging installed (optional, `npm i -D office-addin-debugging
 *    office-addin-dev-certs`): build, serve over https on :3000 and sideload manifest.xml into Excel.
 *  - Anywhere else (this Linux machine, no Excel): serve the task pane in browser mode on
 *    http://localhost:3000 and print the address. No sudo, no certificates.
 * Options: --browser forces browser mode; PORT=… changes the port.
 */
import * as path from 'path';
import { spawn } from 'child_process';

const root = path.resolve(__dirname, '..');
const port = Number(process.env.PORT || 3000);

function resolvable(name: string): string | null {
  try {
    return require.resolve(`${name}/package.json`, { paths: [root] });
  } catch {
    return null;
  }
}

async function browserMode(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const webpack = require('webpack');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const WebpackDevServer = require('webpack-dev-server');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const makeConfig = require(path.join(root, 'webpack.config.js'));
  const config = makeConfig({ port, outDir: 'build/dev' }, { mode: 'development' });
  const compiler = webpack(config);
  const server = new WebpackDevServer({ ...config.devServer, port, open: false }, compiler);
  await server.start();
  const scheme = config.devServer.server === 'http' ? 'http' : 'https';
  console.log('');
  console.log(`决算助手（浏览器模式）已启动： ${scheme}://localhost:${port}/`);
  console.log(`Excel 加载项页面：           ${scheme}://localhost:${port}/taskpane.html`);
  console.log('在浏览器中打开上面的地址，选择或拖入 .xlsx 工作簿即可检查。按 Ctrl+C 停止。');
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

function sideload(): void {
  console.log('检测到 office-addin-debugging：以 https 启动并旁加载到 Excel…');
  const env = { ...process.env, DEV_HTTPS: '1' };
  const child = spawn(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    ['office-addin-debugging', 'start', path.join(root, 'manifest.xml'), 'desktop', '--app', 'excel',
      '--dev-server', `npx webpack serve --mode development --env port=${port}`, '--dev-server-port', String(port)],
    { stdio: 'inherit', env, cwd: root },
  );
  child.on('exit', (code) => process.exit(code ?? 0));
}

const forceBrowser = process.argv.includes('--browser');
const desktop = process.platform === 'win32' || process.platform === 'darwin';
if (!forceBrowser && desktop && resolvable('office-addin-debugging')) sideload();
else {
  browserMode().catch((e) => {
    console.error(`无法启动开发服务器：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
