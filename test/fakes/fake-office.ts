/**
 * Browser stand-in for office.js, used by the e2e tests (served in place of the Office.js CDN URL
 * by route interception). Defines window.Office and window.Excel on top of FakeExcel; the workbook
 * comes from window.__FAKE_EXCEL_INIT__ (set by the test with addInitScript). The fake is exposed
 * as window.__fakeExcel for assertions.
 */
import { FakeExcel, SnapshotLike } from './fake-excel';

interface Init {
  snapshot: SnapshotLike;
  api?: string;
}

const w = window as unknown as {
  __FAKE_EXCEL_INIT__?: Init;
  __fakeExcel?: FakeExcel;
  Office?: unknown;
  Excel?: unknown;
};

const init: Init = w.__FAKE_EXCEL_INIT__ ?? { snapshot: { sheets: [{ name: 'Sheet1', values: [], merges: [] }] } };
const fake = FakeExcel.fromSnapshot(init.snapshot, { api: init.api ?? '1.18' });
w.__fakeExcel = fake;
w.Excel = { run: (batch: (ctx: unknown) => Promise<unknown>) => fake.run(batch) };
w.Office = {
  HostType: { Excel: 'Excel' },
  PlatformType: { OfficeOnline: 'OfficeOnline' },
  onReady: (cb?: (info: { host: string; platform: string }) => void) => {
    const info = { host: 'Excel', platform: 'OfficeOnline' };
    cb?.(info);
    return Promise.resolve(info);
  },
  context: {
    displayLanguage: 'zh-CN',
    requirements: { isSetSupported: (name: string, version: string) => fake.isSetSupported(name, version) },
  },
};
