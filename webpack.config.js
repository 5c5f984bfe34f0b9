/**
 * Task pane build (webpack 5 + ts-loader, no Babel).
 *
 *   npx webpack --mode production                 → build/taskpane/
 *   npx webpack --mode development --env outDir=… → another folder
 *
 * Pages: taskpane.html (the add-in; loads Office.js), index.html (browser mode; no Office.js, a
 * Content-Security-Policy that forbids any request off the page), commands.html (ribbon function file).
 *
 * Office.js (taskpane.html, commands.html), chosen by OFFICE_JS or --env officeJs=…:
 *   unset / local  (default) the files of the npm package @microsoft/office-js are copied to
 *                  build/…/office-js/ and the pages load office-js/office.js from the add-in's own
 *                  server: no address outside it (government intranets are often cut off);
 *   cdn            Microsoft's CDN (appsforoffice.microsoft.com), as Microsoft recommends online;
 *   https://…      any other address (e.g. an intranet mirror);
 *   <folder>       a folder holding office.js and its companion files, copied like the package's
 *                  (OFFICE_JS_DIR=<folder> does the same).
 * Only what an Excel add-in can load is copied: no *.debug.js, no IntelliSense files, no other hosts'
 * scripts (Word, Outlook, PowerPoint, OneNote, Project, Access).
 *
 * Dev server (npm start): http://localhost:3000. Excel sideloading needs https: set DEV_HTTPS=1 and
 * provide a trusted localhost certificate (DEV_CERT / DEV_KEY, default ~/.office-addin-dev-certs/,
 * created by `npx office-addin-dev-certs install`).
 */
const path = require('path');
const fs = require('fs');
const os = require('os');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');

const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_JS_LOCAL = 'office-js/office.js';
/** Files of the Office.js distribution an Excel task pane never loads. */
const OFFICE_JS_SKIP = ['**/*.debug.js', '**/*vsdoc*', '**/*.d.ts', '**/{word,outlook,powerpoint,onenote,project,access}*'];

/** Where Office.js comes from: { src } for the script tag, { dir } when a folder is copied to office-js/. */
function officeJsSource(choice) {
  const v = String(choice || 'local').trim();
  if (v === 'cdn') return { src: OFFICE_JS_CDN };
  if (/^https?:\/\//i.test(v)) return { src: v };
  const dir = v === 'local' ? path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist') : v;
  const folder = fs.existsSync(dir) && fs.statSync(dir).isFile() ? path.dirname(dir) : dir;
  if (!fs.existsSync(path.join(folder, 'office.js'))) {
    throw new Error(`OFFICE_JS=${v}：找不到 office.js（应为 local、cdn、https 地址，或包含 office.js 的文件夹，如 node_modules/@microsoft/office-js/dist）`);
  }
  return { src: OFFICE_JS_LOCAL, dir: path.resolve(folder) };
}

/** Browser mode: scripts, styles, images and connections only from this page's own origin. */
const BROWSER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function httpsOptions() {
  const dir = path.join(os.homedir(), '.office-addin-dev-certs');
  const cert = process.env.DEV_CERT || path.join(dir, 'localhost.crt');
  const key = process.env.DEV_KEY || path.join(dir, 'localhost.key');
  const ca = path.join(dir, 'ca.crt');
  if (!fs.existsSync(cert) || !fs.existsSync(key)) {
    throw new Error(`DEV_HTTPS=1 需要本机证书：${cert} 与 ${key}。请先运行 npx office-addin-dev-certs install，或设置 DEV_CERT/DEV_KEY。`);
  }
  return { cert: fs.readFileSync(cert), key: fs.readFileSync(key), ...(fs.existsSync(ca) ? { ca: fs.readFileSync(ca) } : {}) };
}

module.exports = (env = {}, argv = {}) => {
  const mode = argv.mode || env.mode || 'production';
  const dev = mode === 'development';
  const outDir = path.resolve(__dirname, env.outDir || 'build/taskpane');
  const port = Number(env.port || process.env.PORT || 3000);
  const https = Boolean(env.https || process.env.DEV_HTTPS === '1');
  const officeJs = officeJsSource(env.officeJs || process.env.OFFICE_JS || process.env.OFFICE_JS_DIR);
  const copies = [
    { from: path.resolve(__dirname, 'assets'), to: 'assets', noErrorOnMissing: true },
    { from: path.resolve(__dirname, 'manifest.xml'), to: 'manifest.xml', noErrorOnMissing: true },
  ];
  // Copied as published: `minimized` keeps Terser off Microsoft's files (its licence forbids changing them).
  if (officeJs.dir) copies.push({ from: officeJs.dir, to: 'office-js', globOptions: { ignore: OFFICE_JS_SKIP }, info: { minimized: true } });
  const page = (filename, chunks, extra) => new HtmlWebpackPlugin({
    filename,
    chunks,
    template: path.resolve(__dirname, 'src/taskpane/template.html'),
    scriptLoading: 'defer',
    officeJs: null,
    csp: null,
    ...extra,
  });
  return {
    mode,
    context: __dirname,
    entry: {
      taskpane: './src/taskpane/index.tsx',
      commands: './src/taskpane/commands.ts',
    },
    output: {
      path: outDir,
      filename: dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].chunk.js' : '[name].[contenthash:8].chunk.js',
      publicPath: '',
      clean: true,
    },
    target: ['web', 'es2019'],
    devtool: dev ? 'source-map' : false,
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          loader: 'ts-loader',
          options: {
            transpileOnly: true,
            configFile: path.resolve(__dirname, 'tsconfig.json'),
            compilerOptions: { module: 'esnext', target: 'es2019', sourceMap: dev, noEmit: false, declaration: false },
          },
        },
      ],
    },
    plugins: [
      page('taskpane.html', ['taskpane'], { officeJs: officeJs.src }),
      page('index.html', ['taskpane'], { csp: BROWSER_CSP }),
      page('commands.html', ['commands'], { officeJs: officeJs.src }),
      new CopyWebpackPlugin({ patterns: copies }),
    ],
    performance: { hints: false },
    stats: 'errors-warnings',
    devServer: {
      host: 'localhost',
      port,
      server: https ? { type: 'https', options: httpsOptions() } : 'http',
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { errors: true, warnings: false } },
      headers: { 'Access-Control-Allow-Origin': '*' },
      devMiddleware: { writeToDisk: false },
    },
  };
};
